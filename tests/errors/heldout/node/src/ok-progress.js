// Progress output with carriage returns and counters that mention errors.
const total = 5;
let i = 0;
const t = setInterval(() => {
  i++;
  process.stderr.write(`\rsyncing files ${i}/${total} (0 errors)`);
  if (i === total) {
    clearInterval(t);
    process.stderr.write("\n");
    console.error("sync complete: 5 files, errors: none, warnings: 0");
    console.error("error log rotated to /tmp/sync-errors.log (empty)");
  }
}, 20);
