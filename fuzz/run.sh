#!/usr/bin/env bash
# Runs each libFuzzer target of fuzz/ for FUZZ_SECONDS (default 600) on a
# working copy of its seed corpus (fuzz/corpus/<name>, kept small in the
# tree; what the fuzzer adds stays in BUILD/corpus/<name>). Prints one
# summary line per target (executions, exec/s, cov:, ft:, corpus size) and
# writes them to BUILD/fuzz-results.txt. A crash, leak, timeout or broken
# property leaves its input in BUILD/artifacts/<name>/ and fails the run.
#
#   fuzz/run.sh BUILD [target...]
#   FUZZ_SECONDS=60 FUZZ_PARALLEL=2 fuzz/run.sh build-fuzz
set -uo pipefail
build=${1:?usage: fuzz/run.sh BUILD [target...]}
shift
here=$(cd "$(dirname "$0")" && pwd)
seconds=${FUZZ_SECONDS:-600}
parallel=${FUZZ_PARALLEL:-1}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(mcp_engine http_request toml_config dotenv package_json
    line_splitter log_record cluster_wire)
fi
results=$build/fuzz-results.txt
: > "$results"

# The seed corpus of cluster_wire is CAF's own bytes for real values: made by
# the target itself (HUMMEL_FUZZ_WRITE_SEEDS) when missing.
seed_dir() {
  local name=$1 dir=$here/corpus/$1
  if [ "$name" = cluster_wire ] && [ -z "$(ls -A "$dir" 2>/dev/null)" ]; then
    mkdir -p "$dir"
    HUMMEL_FUZZ_WRITE_SEEDS=$dir "$build/fuzz/fuzz_$name" >/dev/null 2>&1
  fi
  echo "$dir"
}

run_one() {
  local name=$1 bin=$build/fuzz/fuzz_$1
  local work=$build/corpus/$name art=$build/artifacts/$name/
  local log=$build/fuzz-logs/$name.log
  mkdir -p "$work" "$art" "$(dirname "$log")"
  local seeds
  seeds=$(seed_dir "$name")
  # -timeout: one input over 10 s is a finding; -rss_limit_mb: so is 2 GB.
  "$bin" "$work" "$seeds" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$art" \
    >"$log" 2>&1
  local rc=$?
  local last execs per_s
  last=$(grep -E '^#[0-9]+.*(pulse|REDUCE|NEW|DONE)' "$log" | tail -1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  per_s=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  local cov ft corp
  cov=$(grep -o 'cov: [0-9]*' <<<"$last" | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' <<<"$last" | cut -d' ' -f2)
  corp=$(grep -o 'corp: [0-9]*/[0-9a-zA-Z]*' <<<"$last" | cut -d' ' -f2)
  local verdict=ok
  [ $rc -eq 0 ] || verdict="FAILED (rc $rc, see $log and $art)"
  printf '%-14s %4ss execs=%s exec/s=%s cov=%s ft=%s corpus=%s %s\n' \
    "$name" "$seconds" "${execs:-?}" "${per_s:-?}" "${cov:-?}" "${ft:-?}" \
    "${corp:-?}" "$verdict" | tee -a "$results"
  return $rc
}

failed=0
running=0
for t in "${targets[@]}"; do
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
exit $failed
