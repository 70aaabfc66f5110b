// dashboard.mjs: drives the dashboard in headless Chromium (see
// dashboard.sh). Exits 1 with "FAIL ..." on the first failed check; prints
// the change → pixel figures.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { parseArgs } from "node:util";
import puppeteer from "puppeteer-core";

const run = promisify(execFile);
const { values: opt } = parseArgs({
  options: {
    url: { type: "string" }, chromium: { type: "string" },
    hummel: { type: "string" }, project: { type: "string" },
    screenshot: { type: "string", default: "" },
    changes: { type: "string", default: "50" },
  },
});
const base = opt.url.replace(/\/$/, "");
const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
function fail(msg) {
  console.error("FAIL: " + msg);
  process.exit(1);
}
const hummel = (...args) =>
  run(opt.hummel, [...args, "--dir", opt.project], { timeout: 30000 });

// -- refusals, without a browser ---------------------------------------------
async function status(path, init) {
  const r = await fetch(base + path, init);
  await r.arrayBuffer().catch(() => {});
  return r.status;
}
const foreign = "https://evil.example";
let s = await status("/events", { headers: { Origin: foreign } });
if (s !== 403) fail(`/events from a foreign Origin: ${s}, expected 403`);
s = await status("/mcp", { method: "POST", headers: { Origin: foreign,
  "Content-Type": "application/x-www-form-urlencoded" }, body: "a=b" });
if (s !== 403) fail(`cross-site form POST: ${s}, expected 403`);
// a page on another local port: its Origin passes, its form POST does not
s = await status("/mcp", { method: "POST", headers: {
  Origin: "http://localhost:9", "Content-Type": "text/plain" },
  body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call",
    params: { name: "scripts_stop", arguments: { name: "cache" } } }) });
if (s !== 403) fail(`text/plain POST from a local page: ${s}, expected 403`);
log("refused: foreign Origin on /events, cross-site form POSTs");

// -- the page -----------------------------------------------------------------
const browser = await puppeteer.launch({
  executablePath: opt.chromium,
  headless: true,
  // The tests run as root in a container: Chromium's sandbox needs user
  // namespaces it cannot have there, so it refuses to start as root unless
  // told --no-sandbox. The page is our own, served from loopback.
  args: ["--no-sandbox", "--headless=new", "--disable-gpu",
    "--disable-dev-shm-usage"],
});
const consoleErrors = [];
try {
  const page = await browser.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  await page.setViewport({ width: 1280, height: 720 });
  await page.goto(base + "/", { waitUntil: "load" });
  const names = ["api", "build", "cache", "mailer", "queue", "search",
    "worker"];
  await page.waitForFunction((n) => document.querySelectorAll(
    "#rows > .row").length === n, { timeout: 10000 }, names.length)
    .catch(() => fail("the page does not show the 7 processes"));
  const shown = await page.$$eval("#rows > .row", (rows) =>
    rows.map((r) => r.dataset.name));
  if (JSON.stringify(shown) !== JSON.stringify(names))
    fail("rows: " + JSON.stringify(shown));
  const cell = (name, i) => page.$eval(
    `#rows > .row[data-name="${name}"]`, (r, i) => r.children[i].textContent,
    i);
  await page.waitForFunction(() => [...document.querySelectorAll(
    "#rows > .row")].filter((r) => r.children[1].textContent === "running")
    .length >= 6, { timeout: 10000 })
    .catch(() => fail("the services do not show running"));
  log("page shows", shown.join(", "));

  // change → pixel: `hummel stop` / `hummel run` through the CLI.
  const changes = Number(opt.changes);
  const targets = ["cache", "queue", "mailer", "search"];
  const lat = [];
  const cli = [];
  for (let i = 0; i < changes; i++) {
    const name = targets[i % targets.length];
    const stop = Math.floor(i / targets.length) % 2 === 0;
    const want = stop ? "stopped" : "running";
    const t0 = Date.now();
    await hummel(stop ? "stop" : "run", name);
    await page.waitForFunction((n, w) => {
      const x = window.hummelStats.shown.get(n);
      return x && x.status === w;
    }, { timeout: 5000, polling: "raf" }, name, want)
      .catch(() => fail(`${name} not shown ${want} within 5 s`));
    const x = await page.evaluate((n) => window.hummelStats.shown.get(n),
      name);
    if ((await cell(name, 1)) !== want) fail(`${name} cell is not ${want}`);
    lat.push(x.at - x.time_ms);
    cli.push(x.at - t0);
  }
  const p = (xs, q) => {
    const v = [...xs].sort((a, b) => a - b);
    return v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)];
  };
  const f = (x) => x.toFixed(1);
  log(`FIGURE change -> pixel over ${lat.length} changes: p50 ${f(p(lat, 0.5))} ms,`
    + ` p95 ${f(p(lat, 0.95))} ms, max ${f(Math.max(...lat))} ms`
    + ` (CLI call -> pixel p95 ${f(p(cli, 0.95))} ms)`);
  if (p(lat, 0.95) > 500) fail("change -> pixel p95 over 500 ms");
  // back to running, for what follows and the screenshot
  for (const name of targets)
    if ((await cell(name, 1)) === "stopped") await hummel("run", name);
  const url = await page.$eval('#rows > .row[data-name="api"] a',
    (a) => a.href).catch(() => "");
  if (url !== "http://localhost:8080/") fail("api's URL not shown: " + url);
  const st = await page.evaluate(() => ({ resyncs: window.hummelStats.resyncs,
    snapshots: window.hummelStats.snapshots }));
  if (st.snapshots !== 1 || st.resyncs !== 0)
    fail("the stream resynchronised: " + JSON.stringify(st));

  // the stop button
  await page.click('#rows > .row[data-name="worker"] button[data-action='
    + '"scripts_stop"]');
  await page.waitForFunction(() => window.hummelStats.shown.get("worker")
    ?.status === "stopped", { timeout: 10000 })
    .catch(() => fail("the stop button did not stop worker"));
  const ps = JSON.parse((await hummel("ps", "worker", "--json")).stdout);
  const w = ps.processes ? ps.processes[0] : ps;
  if (w.status !== "stopped") fail("worker per CLI: " + w.status);
  log("the stop button stopped worker (the CLI agrees)");
  await page.click('#rows > .row[data-name="worker"] button[data-action='
    + '"scripts_run"]');

  // keyboard: focus the first row, down to the second (build), Enter
  await page.focus("#rows > .row");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => !document.getElementById("detail").hidden
    && document.getElementById("detail-title").textContent.includes("build")
    && document.querySelectorAll("#errors li").length > 0
    && document.getElementById("log").textContent.includes("compiling"),
    { timeout: 10000 })
    .catch(() => fail("keyboard selection did not show build's log"));
  // then api, whose log grows while it is selected (followed)
  await page.click('#rows > .row[data-name="api"] > :first-child');
  await page.waitForFunction(() => document.getElementById("log")
    .textContent.includes("served"), { timeout: 10000 })
    .catch(() => fail("no log tail for api"));
  const before = await page.$eval("#log", (e) => e.childNodes.length);
  await page.waitForFunction((n) => document.getElementById("log")
    .childNodes.length > n, { timeout: 5000 }, before)
    .catch(() => fail("api's log is not followed"));
  log("keyboard selection and the followed log tail work");
  if (opt.screenshot) {
    await page.screenshot({ path: opt.screenshot });
    log("screenshot", opt.screenshot);
  }

  // a phone-sized window: no page-wide horizontal scrolling, names shown
  // (isMobile reloads the page: a fresh snapshot)
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  await page.waitForFunction((n) => document.querySelectorAll(
    "#rows > .row").length === n, { timeout: 10000 }, names.length)
    .catch(() => fail("phone width: the rows do not come back"));
  // (innerWidth would grow with overflowing content on a mobile viewport)
  const narrow = await page.evaluate(() => {
    const row = document.querySelector("#rows > .row");
    const last = row.lastElementChild.getBoundingClientRect();
    return { over: document.documentElement.scrollWidth - 390,
      actionsEnd: last.right, scale: window.visualViewport.scale,
      nameVisible: row.firstElementChild.offsetWidth > 0 };
  });
  if (narrow.over > 0 || narrow.actionsEnd > 390 || narrow.scale !== 1
      || !narrow.nameVisible)
    fail("phone width: " + JSON.stringify(narrow));
  if (process.env.DASHBOARD_PHONE_SCREENSHOT)
    await page.screenshot({ path: process.env.DASHBOARD_PHONE_SCREENSHOT });
  log("phone width: fits");

  if (consoleErrors.length)
    fail("console errors:\n" + consoleErrors.join("\n"));
  log("no console error");
} finally {
  await browser.close();
}
console.log("PASS dashboard");
