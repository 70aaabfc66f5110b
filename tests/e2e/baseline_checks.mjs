// baseline_checks.mjs RESULTS_DIR LOG BASELINE.yml: a per-check baseline for
// a conformance suite whose own --expected-failures works per scenario
// (@modelcontextprotocol/conformance 0.1.16). Reads every
// RESULTS_DIR/server-<scenario>-<time>/checks.json written by `-o`, and
// the suite's log for the scenarios it ran.
//
// Every check that fails (FAILURE or WARNING, as the suite itself counts
// them) must be listed as `scenario:check-id`; every listed entry must name
// a check that ran and failed (else it is stale); every scenario of the
// summary must have results. So a generic check failing inside a listed
// scenario is not hidden. Exit 0 when all holds; prints what does not.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const [resultsDir, logFile, baselineFile] = process.argv.slice(2);
if (!resultsDir || !logFile || !baselineFile) {
  console.error("usage: baseline_checks.mjs RESULTS_DIR LOG BASELINE.yml");
  process.exit(2);
}

// The baseline: `server:` then `  - scenario:check-id  # reason` lines.
const listed = new Set();
let inServer = false;
for (const raw of readFileSync(baselineFile, "utf8").split("\n")) {
  const line = raw.replace(/#.*$/, "").trimEnd();
  if (/^\S/.test(line)) inServer = line.trim() === "server:";
  const m = /^\s+-\s+(\S+)\s*$/.exec(line);
  if (inServer && m) {
    if (!m[1].includes(":")) {
      console.error(`baseline entry '${m[1]}' is not scenario:check-id`);
      process.exit(2);
    }
    listed.add(m[1]);
  }
}

// The results: scenario → checks.
const results = new Map();
for (const dir of existsSync(resultsDir) ? readdirSync(resultsDir) : []) {
  const file = join(resultsDir, dir, "checks.json");
  if (!existsSync(file)) continue;
  const scenario = dir
    .replace(/^server-/, "")
    .replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, "");
  results.set(scenario, JSON.parse(readFileSync(file, "utf8")));
}

const problems = [];
const log = readFileSync(logFile, "utf8");
const summary = log.split("=== SUMMARY ===")[1];
if (summary === undefined) problems.push("the suite printed no summary");
const ran = [...(summary ?? "").matchAll(/^[✓✗] ([^:]+):/gm)].map((m) => m[1]);
for (const scenario of ran)
  if (!results.has(scenario)) problems.push(`no results for ${scenario}`);

let failing = 0;
let passing = 0;
const seen = new Set();
for (const [scenario, checks] of results) {
  for (const check of checks) {
    const key = `${scenario}:${check.id}`;
    seen.add(key);
    const failed = check.status === "FAILURE" || check.status === "WARNING";
    if (!failed) {
      passing += check.status === "SUCCESS" ? 1 : 0;
      if (listed.has(key)) problems.push(`stale entry (now ${check.status}): ${key}`);
      continue;
    }
    failing++;
    if (!listed.has(key))
      problems.push(
        `unexpected ${check.status}: ${key}: ${check.errorMessage ?? check.description ?? ""}`,
      );
  }
}
for (const key of listed)
  if (!seen.has(key)) problems.push(`stale entry (no such check ran): ${key}`);

console.log(
  `per-check baseline: ${passing} checks passed, ${failing} failed ` +
    `(${listed.size} listed) in ${results.size} scenarios`,
);
for (const p of problems) console.log(`  ✗ ${p}`);
if (problems.length === 0) console.log("Per-check baseline passed.");
process.exit(problems.length === 0 ? 0 : 1);
