// A RangeError from deep inside a helper chain.
function pad(width) {
  return new Array(width).fill(" ").join("");
}
function column(label, width) {
  return label + pad(width - label.length);
}
function table(rows) {
  return rows.map((r) => column(r.name, r.width)).join("\n");
}
console.log(table([{ name: "id", width: 6 }]));
console.log(table([{ name: "description", width: 4 }]));
