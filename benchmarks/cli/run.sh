#!/usr/bin/env bash
# Whole-process wall time of `trustcheck check samples/ModelApp` (the CLI's budget: median <= 0.25 s).
# Each run is a new process (runtime start-up, JIT, assets, every package folder); the OS file cache is warm,
# as it is on a developer machine after restore. Usage: benchmarks/cli/run.sh [runs] (default 20).
set -euo pipefail
cd "$(dirname "$0")/../.."

runs="${1:-20}"
cli=src/TrustCheck.Cli/bin/Release/net10.0/trustcheck.dll
sample=samples/ModelApp

dotnet build src/TrustCheck.Cli -c Release --nologo -v quiet >/dev/null
# First run restores the sample when needed; it is not measured.
dotnet "$cli" check "$sample" >/dev/null || true
packages=$(dotnet "$cli" check "$sample" --format json | grep -c '"contentHash"' || true)

times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  dotnet "$cli" check "$sample" >/dev/null || true
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done

sorted=($(printf '%s\n' "${times[@]}" | sort -n))
count=${#sorted[@]}
if (( count % 2 == 1 )); then
  median=${sorted[$((count / 2))]}
else
  median=$(( (sorted[count / 2 - 1] + sorted[count / 2]) / 2 ))
fi
echo "trustcheck check $sample: $packages packages, $count runs"
echo "median ${median} ms, min ${sorted[0]} ms, max ${sorted[$((count - 1))]} ms (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 2 --runs "$runs" "dotnet $cli check $sample"
fi
