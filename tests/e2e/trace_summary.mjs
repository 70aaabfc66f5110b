// trace_summary.mjs: what a Chromium performance trace (Tracing.start, the
// categories of DevTools' Performance panel) says about the page's main
// thread: the frames drawn and their intervals, the animation frames,
// the work of each main-thread frame (the top-level tasks from one
// BeginMainThreadFrame to the next, in wall time and in the thread's CPU
// time: a large gap between the two is time the renderer waited for a
// core, not work of the page), and where that work went (self time by
// event name).
//
//   node tests/e2e/trace_summary.mjs TRACE.json
import { readFileSync } from "node:fs";

const pct = (xs, q) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length ? v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)]
    : NaN;
};
const ms = (us) => (us / 1000).toFixed(1);
// Math.max(...xs) overflows the stack on a long trace.
const most = (xs) => xs.reduce((a, x) => (x > a ? x : a), 0);

export function summarise(file) {
  const raw = JSON.parse(readFileSync(file, "utf8"));
  const events = Array.isArray(raw) ? raw : raw.traceEvents;
  // The renderer's main thread: the one that runs the page's scripts.
  const names = new Map();
  for (const e of events)
    if (e.ph === "M" && e.name === "thread_name")
      names.set(e.pid + ":" + e.tid, e.args.name);
  const counts = new Map();
  for (const e of events)
    if (e.name === "FunctionCall" || e.name === "FireAnimationFrame") {
      const k = e.pid + ":" + e.tid;
      counts.set(k, (counts.get(k) || 0) + 1);
    }
  const main = [...counts].filter(([k]) => names.get(k) === "CrRendererMain")
    .sort((a, b) => b[1] - a[1])[0];
  if (!main) return ["no renderer main thread with page work in the trace"];
  const on = events.filter((e) => e.pid + ":" + e.tid === main[0]
    && e.ph === "X" && typeof e.dur === "number")
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const t0 = on.length ? on[0].ts : 0;
  const t1 = on.length ? most(on.map((e) => e.ts + e.dur)) : 0;
  const span = Math.max(1, t1 - t0);
  // Top-level tasks: RunTask (or ThreadControllerImpl::RunTask) events
  // not inside another.
  const tasks = [];
  let end = -1;
  for (const e of on)
    if (/RunTask$/.test(e.name) && e.ts >= end) {
      tasks.push(e);
      end = e.ts + e.dur;
    }
  const busy = tasks.reduce((a, e) => a + e.dur, 0);
  const cpu = tasks.reduce((a, e) => a + (e.tdur || 0), 0);
  // Frames on the main thread: each BeginMainThreadFrame (or animation
  // frame) starts one; the frame's work is the tasks until the next.
  const onMain = (e) => e.pid + ":" + e.tid === main[0];
  const starts = events.filter((e) => onMain(e)
    && e.name === "BeginMainThreadFrame").map((e) => e.ts)
    .sort((a, b) => a - b);
  // Frames drawn by the page's compositor, and the animation frames
  // (AnimationFrame begin/end: one frame's main-thread time, from its first
  // task to its rendering, as the Long Animation Frames API counts it).
  const draws = events.filter((e) => e.pid === on[0]?.pid
    && e.name === "DrawFrame").map((e) => e.ts).sort((a, b) => a - b);
  const drawGaps = draws.slice(1).map((t, i) => t - draws[i]);
  const begun = new Map();
  const frameTimes = [];
  for (const e of events)
    if (e.name === "AnimationFrame" && e.pid === on[0]?.pid) {
      if (e.ph === "b") begun.set(e.id ?? e.id2?.local, e.ts);
      else if (e.ph === "e" && begun.has(e.id ?? e.id2?.local))
        frameTimes.push(e.ts - begun.get(e.id ?? e.id2?.local));
    }
  const intervals = [];
  const work = [];
  const workCpu = [];
  let k = 0;
  for (let i = 0; i + 1 < starts.length; i++) {
    intervals.push(starts[i + 1] - starts[i]);
    let w = 0;
    let c = 0;
    while (k < tasks.length && tasks[k].ts < starts[i + 1]) {
      if (tasks[k].ts >= starts[i]) {
        w += tasks[k].dur;
        c += tasks[k].tdur || 0;
      }
      k++;
    }
    work.push(w);
    workCpu.push(c);
  }
  // Self time by name: an event's time minus its children's.
  const self = new Map();
  const stack = [];
  for (const e of on) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts)
      stack.pop();
    if (stack.length) {
      const parent = stack.at(-1);
      self.set(parent.name, (self.get(parent.name) || 0) - e.dur);
    }
    self.set(e.name, (self.get(e.name) || 0) + e.dur);
    stack.push(e);
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 10)
    .map(([n, d]) => `${n} ${(d * 1000 / span).toFixed(0)} ms/s`);
  return [
    `main thread over ${ms(span)} ms: busy ${(busy * 1000 / span).toFixed(0)}`
      + ` ms/s (CPU ${(cpu * 1000 / span).toFixed(0)} ms/s), ${tasks.length}`
      + ` tasks, task p95 ${ms(pct(tasks.map((e) => e.dur), 0.95))} ms, max`
      + ` ${ms(most(tasks.map((e) => e.dur)))} ms`,
    `frames drawn: ${draws.length}, interval p50 ${ms(pct(drawGaps, 0.5))}`
      + ` ms, p95 ${ms(pct(drawGaps, 0.95))} ms, max`
      + ` ${ms(most(drawGaps))} ms; animation frames`
      + ` ${frameTimes.length}, frame time p50 ${ms(pct(frameTimes, 0.5))} ms,`
      + ` p95 ${ms(pct(frameTimes, 0.95))} ms, max`
      + ` ${ms(most(frameTimes))} ms`,
    `main-thread frames: ${starts.length}, interval p95`
      + ` ${ms(pct(intervals, 0.95))} ms; tasks per frame p50`
      + ` ${ms(pct(work, 0.5))} ms, p95 ${ms(pct(work, 0.95))} ms, max`
      + ` ${ms(most(work))} ms (CPU: p50 ${ms(pct(workCpu, 0.5))}`
      + ` ms, p95 ${ms(pct(workCpu, 0.95))} ms, max`
      + ` ${ms(most(workCpu))} ms)`,
    "self time: " + top.join(", "),
  ];
}

if (import.meta.url === "file://" + process.argv[1])
  for (const line of summarise(process.argv[2])) console.log(line);
