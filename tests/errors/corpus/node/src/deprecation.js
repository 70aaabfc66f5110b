// Normal output plus Node's own runtime warnings (severity warning).
console.error("worker: starting");
const b = new Buffer(4);
process.emitWarning("pool size 0 is below the recommended minimum", "ConfigWarning");
console.error("worker: ready, buffer of", b.length);
