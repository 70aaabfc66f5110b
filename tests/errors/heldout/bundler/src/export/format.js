export function formatPrice(n) {
  return `$${n.toFixed(2)}`;
}
