#!/usr/bin/env bash
# SHA-256 of a 1 GB file: TrustCheck's FileHasher vs coreutils sha256sum, page cache warm, best of N.
# Usage: benchmarks/models/hash-throughput.sh [size_mb=1024] [runs=5]
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mb=${1:-1024}; runs=${2:-5}
file=${TMPDIR:-/tmp}/trustcheck-hashbench-${size_mb}m.bin
[ -f "$file" ] || head -c "$((size_mb * 1024 * 1024))" /dev/urandom > "$file"
dotnet build benchmarks/models/ModelBench -c Release --nologo -v quiet >/dev/null
bench=benchmarks/models/ModelBench/bin/Release/net10.0/ModelBench
cat "$file" > /dev/null   # warm the page cache for both tools

best=999999
for _ in $(seq "$runs"); do
  t=$( { /usr/bin/time -f %e sha256sum "$file" > /tmp/trustcheck-sha256sum.out; } 2>&1 )
  best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (b < a ? b : a) }')
done
# Reference with SHA-NI/AVX2 code paths (coreutils' sha256sum may use generic C): OpenSSL, when installed.
ossl=""
if command -v openssl > /dev/null; then
  ossl=999999
  for _ in $(seq "$runs"); do
    t=$( { /usr/bin/time -f %e openssl dgst -sha256 "$file" > /dev/null; } 2>&1 )
    ossl=$(awk -v a="$ossl" -v b="$t" 'BEGIN { print (b < a ? b : a) }')
  done
fi
ours=$("$bench" hash "$file" "$runs")
echo "$ours"
# The same with the progress hook the CLI attaches on a terminal (one callback per MiB, throttled texts): must not cost throughput.
with_progress=$("$bench" hash-progress "$file" "$runs")
echo "with progress hook: $(tail -1 <<<"$with_progress")"
[ "$(cut -d' ' -f1 /tmp/trustcheck-sha256sum.out)" = "$(head -1 <<<"$ours" | cut -d' ' -f1)" ] || { echo "HASH MISMATCH"; exit 1; }
bytes=$(stat -c %s "$file")
ours_s=$(sed -n 's/^best \([0-9.]*\) s.*/\1/p' <<<"$ours")
awk -v b="$bytes" -v s="$best" -v o="$ours_s" 'BEGIN {
  printf "sha256sum: best %.3f s, %.0f MB/s\n", s, b / s / 1e6
  printf "trustcheck: best %.3f s, %.0f MB/s\n", o, b / o / 1e6
  printf "ratio trustcheck/sha256sum throughput: %.2f\n", s / o }'
[ -z "$ossl" ] || awk -v b="$bytes" -v s="$ossl" -v o="$ours_s" 'BEGIN {
  printf "openssl dgst -sha256: best %.3f s, %.0f MB/s (ratio trustcheck/openssl %.2f)\n", s, b / s / 1e6, s / o }'
