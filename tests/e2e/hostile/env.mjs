// hostile/env.mjs: the environment hostile.mjs runs in (MCP_URL,
// DAEMON_PID, knobs) and the daemon's resources read from /proc.
import { readFileSync, readdirSync } from "node:fs";

// Lines the `flood` process prints (fewer under ThreadSanitizer).
export const FLOOD = Number(process.env.HUMMEL_E2E_FLOOD_LINES ?? 100000);

// ThreadSanitizer slows the daemon about tenfold: latency bounds scale.
export const SLOWDOWN = process.env.TSAN_OPTIONS ? 10 : 1;
const url = new URL(process.env.MCP_URL);
export const HOST = url.hostname;
export const PORT = Number(url.port);
export const PATH = url.pathname;
export const PID = Number(process.env.DAEMON_PID);
export const CASES = Number(process.env.HOSTILE_CASES ?? 10000);

// -- daemon resources --------------------------------------------------------

export function daemonStats() {
  const status = readFileSync(`/proc/${PID}/status`, "utf8");
  const field = (k) => Number(status.match(new RegExp(`^${k}:\\s+(\\d+)`, "m"))?.[1]);
  return { fds: readdirSync(`/proc/${PID}/fd`).length, threads: field("Threads"), rssKiB: field("VmRSS") };
}
export const alive = () => {
  try {
    process.kill(PID, 0);
    return true;
  } catch {
    return false;
  }
};
