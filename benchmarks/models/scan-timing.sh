#!/usr/bin/env bash
# Whole-process wall time of `trustcheck scan DIR` (process start included), median and best of N runs.
# Usage: benchmarks/models/scan-timing.sh [dir=../shared/corpus/picklescan] [runs=21]
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:-../shared/corpus/picklescan}; runs=${2:-21}
# The Release build is ReadyToRun-compiled (TrustCheck.Cli.csproj); a JIT-only build goes to a separate folder for comparison.
dotnet build src/TrustCheck.Cli -c Release --nologo -v quiet >/dev/null
jit=${TMPDIR:-/tmp}/trustcheck-jit
dotnet build src/TrustCheck.Cli -c Release -p:TrustCheckReadyToRun=false --nologo -v quiet -o "$jit" >/dev/null 2>&1

measure() {
  local label=$1 cli=$2
  "$cli" scan "$dir" > /dev/null 2>&1 || true   # warm-up (disk cache)
  local out; out=$(mktemp)
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$out" -f "%e %U %S" "$cli" scan "$dir" > /dev/null 2>&1 || true   # exit 1 = error findings, expected here
    tail -1 "$out"
  done | sort -n | awk -v label="$label" -v dir="$dir" '{ w[NR] = $1; c[NR] = $2 + $3 } END {
    printf "%s: trustcheck scan %s: wall median %.3f s, best %.3f s; CPU (user+sys) of the median run %.3f s; %d runs\n",
      label, dir, w[int((NR + 1) / 2)], w[1], c[int((NR + 1) / 2)], NR }'
}

measure "Release build (ReadyToRun)" src/TrustCheck.Cli/bin/Release/net10.0/trustcheck
measure "JIT-only build" "$jit/trustcheck"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wall times are only comparable on an idle machine)"
