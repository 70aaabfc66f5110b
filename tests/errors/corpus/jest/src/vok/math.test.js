import { test, expect } from "vitest";
test("adds", () => {
  expect(1 + 2).toBe(3);
});
test("parses", () => {
  expect(JSON.parse('{"errors":0}')).toEqual({ errors: 0 });
});
