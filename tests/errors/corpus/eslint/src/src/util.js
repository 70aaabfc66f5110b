export function sum(xs) {
  let total = 0;
  for (const x of xs) total += x;
  return totl;
}
