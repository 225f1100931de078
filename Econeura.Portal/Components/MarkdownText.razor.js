// One listener per answer: each code block's copy button copies the block's text.
export function copyButtons(container) {
    if (!container) return;
    container.addEventListener('click', event => {
        const button = event.target.closest('.md-copy');
        const code = button?.parentElement?.querySelector('pre');
        if (code && navigator.clipboard) navigator.clipboard.writeText(code.innerText);
    });
}
