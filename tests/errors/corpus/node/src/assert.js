const assert = require("node:assert");
function add(a, b) { return a + b + 1; }
assert.strictEqual(add(2, 2), 4);
