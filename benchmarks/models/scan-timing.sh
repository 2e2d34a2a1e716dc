#!/usr/bin/env bash
# Whole-process wall time of `trustcheck scan DIR` (process start included), median and best of N runs.
# Usage: benchmarks/models/scan-timing.sh [dir=../shared/corpus/picklescan] [runs=21]
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:-../shared/corpus/picklescan}; runs=${2:-21}
dotnet build src/TrustCheck.Cli -c Release --nologo -v quiet >/dev/null
cli=src/TrustCheck.Cli/bin/Release/net10.0/trustcheck
"$cli" scan "$dir" > /dev/null || true   # warm-up (disk cache, first JIT of the host)
times=()
for _ in $(seq "$runs"); do
  times+=("$( { /usr/bin/time -f %e "$cli" scan "$dir" > /dev/null || true; } 2>&1 | tail -1)")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "trustcheck scan %s: median %.3f s, best %.3f s over %d runs\n", dir, a[int((NR + 1) / 2)], a[1], NR }' dir="$dir"
