// An uncaught error inside a worker thread re-emitted on the Worker.
const { Worker, isMainThread } = require("node:worker_threads");
if (isMainThread) {
  console.error("main: starting worker");
  new Worker(__filename);
} else {
  const rows = null;
  console.log(rows.length);
}
