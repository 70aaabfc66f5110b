const handlers = { start() { return "started"; } };

function dispatch(name) {
  return handlers[name]();
}

console.log(dispatch("start"));
console.log(dispatch("stop"));
