// expect.mjs LABEL FILE EXPR: reads the JSON document in FILE as `r` and
// evaluates the JavaScript expression EXPR; exits 1 (printing LABEL and the
// start of the document) unless it is truthy. Used by the shell runners so
// they need no jq.
import { readFileSync } from "node:fs";

const [label, file, expr] = process.argv.slice(2);
let text = "";
let r;
try {
  text = readFileSync(file, "utf8");
  r = JSON.parse(text);
} catch (e) {
  console.error(`FAIL ${label}: ${file} is not JSON (${e.message}):`);
  console.error(text.slice(0, 2000));
  process.exit(1);
}
// Helpers for the expressions.
const sc = r?.structuredContent; // a tool result's structured content
const text0 = r?.contents?.[0]?.text ?? r?.content?.[0]?.text;
const parsed = (() => {
  try {
    return text0 === undefined ? undefined : JSON.parse(text0);
  } catch {
    return undefined;
  }
})();
let ok = false;
try {
  ok = new Function("r", "sc", "text0", "parsed", `return (${expr});`)(
    r, sc, text0, parsed);
} catch (e) {
  console.error(`FAIL ${label}: ${expr} threw ${e.message}`);
}
if (!ok) {
  console.error(`FAIL ${label}: expected ${expr}; got:`);
  console.error(text.slice(0, 2000));
  process.exit(1);
}
console.log(`ok ${label}`);
