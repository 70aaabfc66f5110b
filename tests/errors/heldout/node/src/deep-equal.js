// assert.deepStrictEqual with a multi-line diff in the message.
const assert = require("node:assert");
function parse(line) {
  const [k, v] = line.split("=");
  return { key: k, value: Number(v), tags: ["x"] };
}
assert.deepStrictEqual(parse("port=80"), { key: "port", value: 80, tags: [] });
