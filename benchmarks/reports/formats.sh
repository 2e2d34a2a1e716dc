#!/usr/bin/env bash
# Whole-process cost of each --format on `trustcheck check samples/ModelApp` (budget: each format <= 10 ms over text).
# Runs are interleaved (text, json, sarif, cyclonedx, markdown, text, …) so machine load hits every format alike; each
# run is a new process writing to --output. Prints the median wall time and user+sys CPU time per format.
# Usage: benchmarks/reports/formats.sh [runs] (default 15). Needs /usr/bin/time for the CPU column.
set -euo pipefail
cd "$(dirname "$0")/../.."

runs="${1:-15}"
cli=src/TrustCheck.Cli/bin/Release/net10.0/trustcheck.dll
sample=samples/ModelApp
formats=(text json sarif cyclonedx markdown)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

dotnet build src/TrustCheck.Cli -c Release --nologo -v quiet >/dev/null
dotnet "$cli" check "$sample" >/dev/null || true   # restores the sample when needed; not measured

declare -A wall cpu
for _ in $(seq "$runs"); do
  for format in "${formats[@]}"; do
    start=$(date +%s%N)
    if [[ -x /usr/bin/time ]]; then
      /usr/bin/time -f '%U %S' -o "$out/time" dotnet "$cli" check "$sample" --format "$format" --output "$out/report" >/dev/null || true
      cpu[$format]+="$(awk '{printf "%d", ($1 + $2) * 1000}' "$out/time") "
    else
      dotnet "$cli" check "$sample" --format "$format" --output "$out/report" >/dev/null || true
    fi
    end=$(date +%s%N)
    wall[$format]+="$(( (end - start) / 1000000 )) "
  done
done

median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else print int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
echo "trustcheck check $sample, $runs interleaved runs per format (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-10s %12s %14s\n' format "wall median" "user+sys med."
for format in "${formats[@]}"; do
  printf '%-10s %9s ms %11s ms\n' "$format" "$(median "${wall[$format]}")" "$(median "${cpu[$format]:-}")"
done
