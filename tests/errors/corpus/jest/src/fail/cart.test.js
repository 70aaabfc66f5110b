const { total, discount } = require("./cart");

describe("cart", () => {
  test("total adds prices", () => {
    expect(total([{ price: 2, qty: 3 }, { price: 1, qty: 1 }])).toBe(7);
  });

  test("total of empty cart", () => {
    expect(total([])).toBe(0);
  });

  test("discount HALF", () => {
    expect(discount(10, "HALF")).toBe(4);
  });

  test("unknown discount", () => {
    expect(discount(10, "FREE")).toBe(10);
  });

  test("items object", () => {
    expect({ id: 1, tags: ["a", "b"] }).toEqual({ id: 1, tags: ["a", "c"] });
  });
});
