// A dev server's normal output, all on stderr: must give no error record.
const http = require("http");
const server = http.createServer((req, res) => {
  console.error(`${new Date(0).toISOString()} ${req.method} ${req.url} -> 200 (${req.headers["user-agent"] || "-"})`);
  res.end("ok");
});
server.listen(0, "127.0.0.1", async () => {
  const { port } = server.address();
  console.error(`listening on http://127.0.0.1:${port}`);
  console.error("ready in 12 ms, watching for file changes");
  for (const p of ["/", "/app.js", "/style.css", "/api/errors?limit=5"]) {
    await fetch(`http://127.0.0.1:${port}${p}`, { headers: { "user-agent": "probe" } });
  }
  console.error("hmr update /src/app.js (1 module)");
  console.error("0 errors, 0 warnings");
  server.close(() => console.error("server closed"));
});
