#!/usr/bin/env bash
# SHA-256 of a 512 MiB file, whole process: `trustcheck scan FILE` (start-up, detection, hashing, report) against
# `openssl dgst -sha256 FILE`, page cache warm, runs interleaved, best and median of N wall time plus median CPU
# (user+sys). Target: trustcheck <= 1.05 x openssl.
# Usage: benchmarks/models/hash-whole-process.sh [size_mb=512] [runs=9]
#   BASELINE_CLI=/path/to/other/trustcheck  also times another build in the same interleaved loop (A/B of a change).
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mb=${1:-512}; runs=${2:-9}
file=${TMPDIR:-/tmp}/trustcheck-hashbench-${size_mb}m.bin
[ -f "$file" ] || head -c "$((size_mb * 1024 * 1024))" /dev/urandom > "$file"
dotnet build src/TrustCheck.Cli -c Release --nologo -v quiet >/dev/null
cli=${TRUSTCHECK_CLI:-$(benchmarks/cli/installed-tool.sh)}   # as users install it; TRUSTCHECK_CLI times another build
cat "$file" > /dev/null   # warm the page cache for both tools

# The same digest, or the timing means nothing.
expected=$(openssl dgst -sha256 -r "$file" | cut -d' ' -f1)
for tool in "$cli" ${BASELINE_CLI:-}; do
  "$tool" scan "$file" --format json --output /tmp/trustcheck-hashbench.json > /dev/null 2>&1 || true
  grep -q "\"sha256\": \"$expected\"" /tmp/trustcheck-hashbench.json || { echo "HASH MISMATCH: $tool did not report $expected"; exit 1; }
done

out=$(mktemp)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for _ in $(seq "$runs"); do
  /usr/bin/time -o "$out" -f "%e %U %S" openssl dgst -sha256 "$file" > /dev/null; echo "openssl $(tail -1 "$out")"
  /usr/bin/time -o "$out" -f "%e %U %S" "$cli" scan "$file" --format json --output /dev/null > /dev/null 2>&1 || true; echo "trustcheck $(tail -1 "$out")"
  if [ -n "${BASELINE_CLI:-}" ]; then
    /usr/bin/time -o "$out" -f "%e %U %S" "$BASELINE_CLI" scan "$file" --format json --output /dev/null > /dev/null 2>&1 || true; echo "baseline $(tail -1 "$out")"
  fi
done | awk -v mb="$size_mb" '
  function median(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t } return a[int((n + 1) / 2)] }
  { n[$1]++; wall[$1, n[$1]] = $2; cpu[$1, n[$1]] = $3 + $4 }
  END {
    for (tool in n) {
      delete w; delete c
      for (i = 1; i <= n[tool]; i++) { w[i] = wall[tool, i]; c[i] = cpu[tool, i] }
      med[tool] = median(w, n[tool]); best[tool] = w[1]; mcpu[tool] = median(c, n[tool])
      printf "%-10s best %.3f s, median %.3f s (%.0f MB/s best), median CPU %.3f s; %d runs\n", tool, best[tool], med[tool], mb * 1.048576 / best[tool], mcpu[tool], n[tool]
    }
    printf "ratio trustcheck/openssl: best %.3f, median %.3f, CPU %.3f (target <= 1.05)\n", best["trustcheck"] / best["openssl"], med["trustcheck"] / med["openssl"], mcpu["trustcheck"] / mcpu["openssl"]
    if ("baseline" in n) printf "ratio baseline/openssl:   best %.3f, median %.3f, CPU %.3f\n", best["baseline"] / best["openssl"], med["baseline"] / med["openssl"], mcpu["baseline"] / mcpu["openssl"]
  }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
