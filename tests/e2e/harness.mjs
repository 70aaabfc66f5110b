// A tiny assertion harness for the e2e client scripts: counts checks,
// prints `ok LABEL` / `FAIL LABEL: detail`, key figures as `FIGURE ...`, and
// a closing `NAME: N passed, N failed` line; exits 1 on any failure.

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const now = () => Number(process.hrtime.bigint()) / 1e6; // ms

/// Polls `pred` every `step` ms until it is truthy or `ms` pass; returns
/// whether it became truthy.
export async function waitFor(pred, ms, step = 10) {
  const end = now() + ms;
  for (;;) {
    if (pred()) return true;
    if (now() >= end) return false;
    await sleep(step);
  }
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function createHarness(name) {
  let passed = 0;
  let failed = 0;
  const h = {
    check(label, cond, detail = "") {
      if (cond) {
        passed++;
        console.log(`ok ${name} ${label}`);
      } else {
        failed++;
        const d = typeof detail === "string" ? detail : JSON.stringify(detail);
        console.log(`FAIL ${name} ${label}${d ? ": " + d.slice(0, 1500) : ""}`);
      }
      return cond;
    },
    /// Runs one group of checks; an exception counts as a failure.
    async step(label, fn) {
      try {
        await fn();
      } catch (e) {
        failed++;
        console.log(`FAIL ${name} ${label}: threw ${e?.stack ?? e}`);
      }
    },
    figure(label, value) {
      console.log(`FIGURE ${name} ${label}: ${value}`);
    },
    failed: () => failed,
    finish() {
      console.log(`${name}: ${passed} passed, ${failed} failed`);
      return failed === 0;
    },
  };
  return h;
}

/// A watchdog: ends the process with a message if the script hangs.
export function watchdog(ms, name) {
  const t = setTimeout(() => {
    console.log(`FAIL ${name}: watchdog fired after ${ms} ms`);
    process.exit(2);
  }, ms);
  t.unref();
}
