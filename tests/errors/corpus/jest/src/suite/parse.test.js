const { parse } = require("./parser");

test("parses", () => {
  expect(parse("a=1")).toEqual({ a: "1" });
});
