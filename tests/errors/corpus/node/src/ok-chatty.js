// A chatty service: a few hundred normal log lines on stderr (access logs,
// debug lines, health checks, metrics), some mentioning errors in passing.
// Must give no error record.
const paths = ["/", "/api/users", "/api/errors?since=5m", "/static/app.js", "/healthz", "/api/orders/42"];
const agents = ["curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64)", "kube-probe/1.29"];
const log = (lvl, msg) => console.error(`2026-12-03T05:00:${String(n % 60).padStart(2, "0")}.${String(n * 7 % 1000).padStart(3, "0")}Z ${lvl} ${msg}`);
let n = 0;
console.error("> api@1.4.2 dev");
console.error("> node server.js --watch");
console.error("");
log("info", "config loaded from ./config/dev.toml (errors: none)");
log("info", "error reporter disabled in development");
log("debug", "registering route GET /api/errors");
log("info", "listening on http://localhost:3000 (pid 4242)");
for (n = 0; n < 240; n++) {
  const p = paths[n % paths.length];
  const status = p.startsWith("/api/orders") && n % 4 === 0 ? 304 : 200;
  if (n % 10 === 9) log("debug", `pool stats: active=${n % 5} idle=${10 - (n % 5)} waiting=0 errors_total=0`);
  else if (n % 25 === 24) log("info", `metrics: rps=${40 + (n % 13)} p99=${12 + (n % 7)}ms error_rate=0.000`);
  else if (n % 37 === 36) log("info", "upstream ECONNRESET on keep-alive socket, retried OK (attempt 2/3)");
  else console.error(`::1 - - [03/Dec/2026:05:00:${String(n % 60).padStart(2, "0")} +0000] "GET ${p} HTTP/1.1" ${status} ${100 + n} "-" "${agents[n % agents.length]}"`);
}
log("info", "file change detected: src/routes/errors.js, restarting");
log("info", "listening on http://localhost:3000 (pid 4243)");
log("info", "SIGTERM received, draining 0 connections");
log("info", "bye");
