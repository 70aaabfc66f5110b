// node --test run whose tests all pass (test names mention errors).
const test = require("node:test");
const assert = require("node:assert");
test("throws a TypeError on bad input", () => {
  assert.throws(() => null.x, TypeError);
});
test("error handler returns 500", () => {
  assert.strictEqual(500, 500);
});
test("no errors on empty input", () => {
  assert.deepStrictEqual([], []);
});
