// Unbounded recursion: RangeError: Maximum call stack size exceeded.
function walk(node) {
  return walk({ parent: node });
}
walk({});
