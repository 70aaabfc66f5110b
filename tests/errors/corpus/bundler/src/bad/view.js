export function render(x) {
  document.body.textContent = x;
}
