function total(items) {
  return items.reduce((s, i) => s + i.price * i.qty, 0);
}
function discount(total, code) {
  if (code === "HALF") return total / 2;
  throw new Error(`unknown discount code: ${code}`);
}
export { total, discount };
