export function parse(text) {
  return JSON.parse(text;
}
