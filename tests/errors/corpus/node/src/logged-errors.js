// A server that catches errors and logs them with console.error, between
// normal log lines, and keeps running.
const log = (m) => console.error(`[${"2026-12-03T05:30:00.000Z"}] info: ${m}`);
function handle(path) {
  if (path === "/users") return JSON.parse("{bad json");
  if (path === "/orders") return null.total;
  return "ok";
}
log("server listening on http://localhost:3000");
for (const p of ["/", "/users", "/health", "/orders", "/"]) {
  try {
    handle(p);
    log(`GET ${p} 200`);
  } catch (err) {
    console.error(err);
    log(`GET ${p} 500`);
  }
}
log("shutting down");
