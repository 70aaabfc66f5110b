test("adds", () => {
  expect(1 + 2).toBe(3);
});
test("logs an error message on purpose", () => {
  const spy = jest.spyOn(console, "error").mockImplementation(() => {});
  console.error("Error: expected in this test");
  expect(spy).toHaveBeenCalled();
  spy.mockRestore();
});
