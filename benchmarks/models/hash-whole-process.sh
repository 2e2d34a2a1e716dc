#!/usr/bin/env bash
# SHA-256 of a 512 MiB file, whole process: `trustcheck scan FILE` (start-up, detection, hashing, report) against
# `openssl dgst -sha256 FILE`, page cache warm, runs interleaved, best and median of N. Target: trustcheck <= 1.05 x openssl.
# Usage: benchmarks/models/hash-whole-process.sh [size_mb=512] [runs=9]
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mb=${1:-512}; runs=${2:-9}
file=${TMPDIR:-/tmp}/trustcheck-hashbench-${size_mb}m.bin
[ -f "$file" ] || head -c "$((size_mb * 1024 * 1024))" /dev/urandom > "$file"
dotnet build src/TrustCheck.Cli -c Release --nologo -v quiet >/dev/null
cli=src/TrustCheck.Cli/bin/Release/net10.0/trustcheck
cat "$file" > /dev/null   # warm the page cache for both tools

# The same digest, or the timing means nothing.
expected=$(openssl dgst -sha256 -r "$file" | cut -d' ' -f1)
"$cli" scan "$file" --format json --output /tmp/trustcheck-hashbench.json > /dev/null 2>&1 || true
grep -q "\"sha256\": \"$expected\"" /tmp/trustcheck-hashbench.json || { echo "HASH MISMATCH: trustcheck did not report $expected"; exit 1; }

out=$(mktemp)
for _ in $(seq "$runs"); do
  /usr/bin/time -o "$out" -f "%e" openssl dgst -sha256 "$file" > /dev/null; echo "openssl $(tail -1 "$out")"
  /usr/bin/time -o "$out" -f "%e" "$cli" scan "$file" --format json --output /dev/null > /dev/null 2>&1 || true; echo "trustcheck $(tail -1 "$out")"
done | sort -k1,1 -k2,2n | awk -v runs="$runs" -v mb="$size_mb" '
  { t[$1, ++n[$1]] = $2 }
  END {
    for (tool in n) { best[tool] = t[tool, 1]; median[tool] = t[tool, int((n[tool] + 1) / 2)] }
    printf "openssl dgst -sha256:  best %.3f s, median %.3f s (%.0f MB/s)\n", best["openssl"], median["openssl"], mb * 1.048576 / best["openssl"]
    printf "trustcheck scan:       best %.3f s, median %.3f s (%.0f MB/s)\n", best["trustcheck"], median["trustcheck"], mb * 1.048576 / best["trustcheck"]
    printf "ratio trustcheck/openssl: best %.3f, median %.3f (target <= 1.05); %d runs each\n", best["trustcheck"] / best["openssl"], median["trustcheck"] / median["openssl"], runs
  }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
