#!/usr/bin/env bash
# Instructions per call of a function, counted by callgrind (this VM has no
# hardware counters for `perf stat`, and its timings drift by 20 % from one
# minute to the next; an instruction count does not):
#   bench/callgrind_per_call.sh BENCH FILTER FUNCTION
# runs `BENCH --benchmark_filter=FILTER` (a hummel_bench binary) twice
# under callgrind, collecting only inside FUNCTION, at two run lengths, and
# prints the difference in instructions divided by the difference in
# calls: the marginal cost of one call, without the set-up both runs share.
# Example (docs/BENCHMARKS.md, issue 13, ninth session):
#   bench/callgrind_per_call.sh build-bench/bench/hummel_bench \
#     bm_answer_status_one hummel::mcp_read_path::answer
set -euo pipefail
bench=$1
filter=$2
fn=$3
tmp=$(mktemp -d /tmp/hummel-callgrind-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# run SECONDS: "instructions calls" inside FUNCTION.
run() {
  valgrind --tool=callgrind --callgrind-out-file="$tmp/out" \
    --toggle-collect="$fn*" "$bench" --benchmark_filter="$filter" \
    --benchmark_min_time="$1" > /dev/null 2>&1
  python3 - "$tmp/out" "$fn" <<'PY'
import re, sys
path, name = sys.argv[1], sys.argv[2]
names, calls, total, cfn = {}, 0, 0, None
for line in open(path):
    m = re.match(r'^c?fn=\((\d+)\)(?: (.*))?$', line.rstrip('\n'))
    if m:
        if m.group(2):
            names[m.group(1)] = m.group(2)
        if line.startswith('cfn='):
            cfn = m.group(1)
        continue
    if line.startswith('calls=') and cfn and names.get(cfn, '').startswith(name + '('):
        calls += int(line.split('=')[1].split()[0])
    elif line.startswith(('summary:', 'totals:')):
        total = int(line.split()[1])
print(total, calls)
PY
}
read -r i1 c1 < <(run 0.02)
read -r i2 c2 < <(run 0.3)
[ "$c2" -gt "$c1" ] || { echo "no more calls in the longer run ($c1, $c2)" >&2; exit 1; }
echo "$filter: $(( (i2 - i1) / (c2 - c1) )) instructions per call of $fn ($c1 and $c2 calls)"
