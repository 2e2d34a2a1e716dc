#!/usr/bin/env bash
# Paired A/B of the call-site analyzer's in-process cost (AnalyzerCost) between a base commit and this tree.
# Extracts BASE (default: main) with `git archive` into a temporary folder (no worktree, no checkout), builds
# AnalyzerCost in Release in both, then runs them interleaved A B A B … PAIRS times (default 3) and prints each
# run's summary line with the load average and the process's wall/user/sys time. Compare the medians; under shared
# load single runs are noise.
# Usage: benchmarks/analyzers/analyzer-ab.sh [base-ref] [files] [rounds]     e.g. analyzer-ab.sh main 100 5 (quick)
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
base_ref=${1:-main}
files=${2:-600}
rounds=${3:-10}
pairs=${PAIRS:-3}
base=$(mktemp -d -t trustcheck-analyzer-ab.XXXXXX)
trap 'rm -rf "$base"' EXIT

git -C "$repo" archive "$base_ref" | tar -x -C "$base"
for tree in "$base" "$repo"; do
    dotnet build "$tree/benchmarks/analyzers/AnalyzerCost" -c Release -nologo -v:q >/dev/null
done

for ((i = 1; i <= pairs; i++)); do
    for tree in "$base" "$repo"; do
        label=$([ "$tree" = "$base" ] && echo "A $base_ref" || echo "B this tree")
        load=$(cut -d' ' -f1-3 /proc/loadavg)
        line=$( { /usr/bin/time -f 'process %e s wall, %U s user, %S s sys' \
            dotnet run -c Release --no-build --project "$tree/benchmarks/analyzers/AnalyzerCost" -- "$files" "$rounds"; } 2>&1 | tail -2 | tr '\n' ' ')
        echo "pair $i, $label (load $load): $line"
    done
done
