// An express 5 app whose routes throw; express's final handler logs each
// error's stack to stderr and the server keeps serving.
const express = require("express");
const app = express();
app.use((req, res, next) => {
  const t0 = Date.now();
  res.on("finish", () =>
    console.error(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - t0 > 50 ? "slow" : "fast"}`),
  );
  next();
});
app.get("/health", (req, res) => res.send("ok"));
app.get("/user/:id", (req, res) => {
  const users = { 1: { name: "ada" } };
  res.json({ name: users[req.params.id].name });
});
app.get("/report", async () => {
  throw new TypeError("report generator is not configured");
});
const server = app.listen(Number(process.argv[2]), "127.0.0.1", () =>
  console.error(`listening on ${server.address().port}`),
);
process.on("SIGTERM", () => server.close(() => console.error("closed")));
