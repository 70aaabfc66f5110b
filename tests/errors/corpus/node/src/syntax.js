const items = [1, 2, 3];
function total(list) {
  let sum = 0;
  for (const x of list) {
    sum += x;
  }
  return sum;
}}
console.log(total(items));
