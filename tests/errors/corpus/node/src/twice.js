// The same error thrown from a worker three times (uncaught in a timer), logged
// by a process-level handler that keeps running.
process.on("uncaughtException", (err) => {
  console.error("uncaught:", err);
});
function tick(n) {
  const cfg = undefined;
  return cfg.retries + n;
}
for (let i = 0; i < 3; i++) setTimeout(() => tick(i), 5 * i);
