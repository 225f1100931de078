// The copy button of every code block in an agent's answer (SafeMarkdown adds it): one listener for the whole document,
// however many answers a page shows, so an answer costs the circuit no JavaScript of its own.
document.addEventListener("click", event => {
  const button = event.target.closest?.(".md-copy");
  const code = button?.parentElement?.querySelector("pre");
  if (code && navigator.clipboard) navigator.clipboard.writeText(code.innerText);
});
