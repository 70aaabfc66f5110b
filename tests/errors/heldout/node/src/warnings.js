// Two runtime warnings, then the program carries on and exits 0.
const { EventEmitter } = require("node:events");
const bus = new EventEmitter();
for (let i = 0; i < 11; i++) bus.on("tick", () => {});
process.emitWarning("cache size 0 disables caching", "ConfigWarning");
setTimeout(() => console.error("done"), 10);
