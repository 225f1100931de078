// Focus the page's heading once it is there, unless the reader has already moved on (clicked or tabbed somewhere).
export function focusHeading() {
    const main = document.getElementById('main-content');
    if (!main) return;
    const start = document.activeElement;
    const focus = () => {
        const heading = main.querySelector('h1');
        if (!heading) return false;
        // Focus the page put on a container around its heading (a region with keyboard shortcuts) is not the reader's move.
        const active = document.activeElement;
        const moved = active && active !== start && active !== document.body && !active.contains(heading);
        if (!moved) {
            if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
            heading.focus();
        }
        return true;
    };
    if (focus()) return;
    const observer = new MutationObserver(() => { if (focus()) observer.disconnect(); });
    observer.observe(main, { childList: true, subtree: true });
    setTimeout(() => observer.disconnect(), 10000);
}
