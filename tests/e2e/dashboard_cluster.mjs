// dashboard_cluster.mjs: the dashboard of a `hummel monitor` linked to the
// project's daemon (see dashboard.sh), in headless Chromium: the nodes list
// shows the project's node linked, the table has a Node column and the
// project's processes; a stop through the CLI on the project reaches the
// page over the link; the Stop button of another node's process is refused
// with the reason (a plain link has no remote control). Exits 1 with
// "FAIL ..." on the first failed check.
import { execFile } from "node:child_process";
import { parseArgs, promisify } from "node:util";
import puppeteer from "puppeteer-core";

const run = promisify(execFile);
const { values: opt } = parseArgs({ options: {
  url: { type: "string" }, chromium: { type: "string" },
  hummel: { type: "string" }, project: { type: "string" },
  node: { type: "string" }, screenshot: { type: "string", default: "" },
} });
const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const fail = (m) => { console.error("FAIL: " + m); process.exit(1); };
const hummel = (...args) =>
  run(opt.hummel, [...args, "--dir", opt.project], { timeout: 30000 });
const row = (name) => `#rows > .row[data-node="${opt.node}"][data-name="${name}"]`;

const browser = await puppeteer.launch({ executablePath: opt.chromium,
  headless: true, // root in a container: see dashboard.mjs
  args: ["--no-sandbox", "--headless=new", "--disable-gpu",
    "--disable-dev-shm-usage"] });
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.setViewport({ width: 1280, height: 720 });
  await page.goto(opt.url + "/", { waitUntil: "load" });
  await page.waitForFunction((node) => [...document.querySelectorAll(
    "#node-list li")].some((li) => li.textContent.startsWith(node + " linked")),
  { timeout: 15000 }, opt.node)
    .catch(() => fail("the nodes list does not show " + opt.node + " linked"));
  await page.waitForSelector(row("cache"), { timeout: 10000 })
    .catch(() => fail("no row of cache on " + opt.node));
  const cells = await page.$eval(row("cache"), (tr) => ({
    node: tr.lastElementChild.textContent,
    shown: getComputedStyle(tr.lastElementChild).display !== "none",
    cluster: document.getElementById("procs").classList.contains("cluster"),
  }));
  if (cells.node !== opt.node || !cells.shown || !cells.cluster)
    fail("the Node column: " + JSON.stringify(cells));
  log("nodes list, Node column and the project's rows shown");

  await hummel("stop", "cache");
  await page.waitForFunction((sel) => document.querySelector(sel)
    ?.children[1].textContent === "stopped", { timeout: 5000 }, row("cache"))
    .catch(() => fail("a stop on the project did not reach the page"));
  await hummel("run", "cache");
  await page.waitForFunction((sel) => document.querySelector(sel)
    ?.children[1].textContent === "running", { timeout: 5000 }, row("cache"))
    .catch(() => fail("cache did not come back in the page"));
  log("a stop and a run through the CLI reach the monitor's page");

  await page.click(row("cache") + ' button[data-action="scripts_stop"]');
  await page.waitForFunction(() => document.getElementById("action-msg")
    .textContent.includes("remote control needs an authenticated (TLS)"),
  { timeout: 5000 })
    .catch(() => fail("the refused remote stop does not say why"));
  const still = await page.$eval(row("cache"),
    (tr) => tr.children[1].textContent);
  if (still !== "running") fail("the refused stop changed cache: " + still);
  log("Stop on another node's process: refused, with the reason");
  if (opt.screenshot) await page.screenshot({ path: opt.screenshot });
  if (errors.length) fail("page errors: " + errors.join("; "));
} finally {
  await browser.close();
}
console.log("PASS dashboard_cluster");
