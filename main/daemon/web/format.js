// hummel dashboard: how values are shown.

// The states in which a process has a pid, a CPU and an RSS.
export const ALIVE = new Set(['running', 'stopping', 'waiting', 'backoff']);

export function fmtBytes(n) {
  if (!n) return '–';
  const u = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
  return (i ? n.toFixed(1) : n) + ' ' + u[i];
}

export function fmtUptime(p) {
  if (!ALIVE.has(p.status) || !p.start_time) return '–';
  let s = Math.max(0, Math.floor((Date.now() - Date.parse(p.start_time))
    / 1000));
  const d = Math.floor(s / 86400); s %= 86400;
  const h = Math.floor(s / 3600); s %= 3600;
  const m = Math.floor(s / 60); s %= 60;
  if (d) return d + 'd ' + h + 'h';
  if (h) return h + 'h ' + m + 'm';
  if (m) return m + 'm ' + s + 's';
  return s + 's';
}
