export function log(msg, level) {
  console.log(msg);
}
