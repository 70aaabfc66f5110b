// Promise.any with every mirror failing: an AggregateError with [errors].
async function tryMirror(url) {
  throw new Error(`mirror ${url} unreachable`);
}
Promise.any(["a.example", "b.example"].map(tryMirror)).then((r) =>
  console.log(r),
);
