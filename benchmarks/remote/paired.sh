#!/usr/bin/env bash
# Remote models: paired, interleaved whole-process runs (A B A B …) of two trustcheck builds on the same generated Ollama
# stores, for comparing a change under a shared, noisy machine. Prints median wall ms and median user+sys CPU ms per
# build for: an empty store, a second scan of `models` models (warm hash cache), and 200 manifests (20 models x 10 tags).
# Usage: benchmarks/remote/paired.sh BASE_DLL NEW_DLL [runs] [models] [size_mb]   (default 9 20 64)
#   e.g. build the base with `git archive BASE | tar -x -C /tmp/base && dotnet build /tmp/base/src/TrustCheck.Cli -c Release`
# Needs python3 and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/../.."

base="$1"
new="$2"
runs="${3:-9}"
models="${4:-20}"
size_mb="${5:-64}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/empty"
python3 benchmarks/remote/make-store.py "$work/big" "$models" "$size_mb" >/dev/null
python3 benchmarks/remote/make-store.py "$work/many" 20 1 10 >/dev/null

# One run: build store -> "wall_ms cpu_ms". Each build has its own cache folder (warm after the first run).
run() {
  local dll=$1 store=$2 cache=$3 out
  out=$( { /usr/bin/time -f '%e %U %S' env OLLAMA_MODELS="$store" TRUSTCHECK_CACHE_DIR="$cache" dotnet "$dll" scan ollama: --format json >/dev/null; } 2>&1 | tail -1)
  awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' <<<"$out"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

echo "paired runs: $runs per build and store; load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
for store in empty big many; do
  for build in base new; do
    dll=$([ $build = base ] && echo "$base" || echo "$new")
    run "$dll" "$work/$store" "$work/cache-$build-$store" >/dev/null # warm the hash cache and the file system
  done
  : >"$work/base.$store"
  : >"$work/new.$store"
  for _ in $(seq "$runs"); do
    run "$base" "$work/$store" "$work/cache-base-$store" >>"$work/base.$store"
    run "$new" "$work/$store" "$work/cache-new-$store" >>"$work/new.$store"
  done
done

for build in base new; do
  line="$build:"
  for store in empty big many; do
    wall=$(cut -d' ' -f1 "$work/$build.$store" | median)
    cpu=$(cut -d' ' -f2 "$work/$build.$store" | median)
    line="$line  $store wall ${wall} ms cpu ${cpu} ms;"
  done
  echo "$line"
done
for build in base new; do
  e=$(cut -d' ' -f2 "$work/$build.empty" | median)
  b=$(cut -d' ' -f2 "$work/$build.big" | median)
  m=$(cut -d' ' -f2 "$work/$build.many" | median)
  ew=$(cut -d' ' -f1 "$work/$build.empty" | median)
  bw=$(cut -d' ' -f1 "$work/$build.big" | median)
  echo "$build: second scan of $models models: work beyond the empty-store scan $((bw - ew)) ms wall, $((b - e)) ms cpu; 200 manifests: $((m - e)) ms cpu beyond empty"
done
echo "load average at end $(cut -d' ' -f1-3 /proc/loadavg)"
