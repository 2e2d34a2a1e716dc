#!/usr/bin/env bash
# Remote models (issue: Ollama store): whole-process wall times of `trustcheck scan ollama:` on generated stores.
#   1. 20 models with big sparse GGUF blobs (default 2048 MB each): first scan (every blob hashed) vs `openssl dgst -sha256`
#      over the same files, then a second scan with unchanged blobs (hash cache hit; budget <= 50 ms of work).
#   2. 200 manifests (20 models x 10 tags, small blobs) listed with a bare `ollama:` and a warm hash cache (budget <= 0.3 s).
# A scan of an empty store is measured too: the difference is TrustCheck's work, the rest is .NET start-up.
# Usage: benchmarks/remote/run.sh [models] [size_mb] [runs]   (default 20 2048 5). Needs python3 and openssl.
set -euo pipefail
cd "$(dirname "$0")/../.."

models="${1:-20}"
size_mb="${2:-2048}"
runs="${3:-5}"
# The command as users install it (on linux-x64 the Native AOT binary); TRUSTCHECK_CLI="dotnet path/trustcheck.dll"
# times the JIT-compiled build instead.
cli=${TRUSTCHECK_CLI:-$(benchmarks/cli/installed-tool.sh)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build src/TrustCheck.Cli -c Release --nologo -v quiet >/dev/null

ms() { echo $(( ($2 - $1) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
scan() { # store cache -> wall ms
  local start end
  start=$(date +%s%N)
  OLLAMA_MODELS="$1" TRUSTCHECK_CACHE_DIR="$2" $cli scan ollama: --format json >/dev/null || true
  end=$(date +%s%N)
  ms "$start" "$end"
}
repeat() { # store cache -> median ms of $runs scans
  local times=()
  for _ in $(seq "$runs"); do times+=("$(scan "$1" "$2")"); done
  median "${times[@]}"
}

mkdir -p "$work/empty"
empty=$(repeat "$work/empty" "$work/cache-empty")

openssl_s=$(python3 benchmarks/remote/make-store.py "$work/big" "$models" "$size_mb" | tail -1)
sync
total_gb=$(awk "BEGIN {printf \"%.1f\", $models * $size_mb / 1024}")
first=$(scan "$work/big" "$work/cache-big")
second=$(repeat "$work/big" "$work/cache-big")

python3 benchmarks/remote/make-store.py "$work/many" 20 1 10 >/dev/null
scan "$work/many" "$work/cache-many" >/dev/null
listed=$(OLLAMA_MODELS="$work/many" TRUSTCHECK_CACHE_DIR="$work/cache-many" $cli scan ollama: --format json | grep -c '"source": "ollama:' || true)
many=$(repeat "$work/many" "$work/cache-many")

echo "store: $models models x $size_mb MB sparse GGUF blobs ($total_gb GB), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "openssl dgst -sha256 over the model blobs: $(awk "BEGIN {printf \"%.0f\", $openssl_s * 1000}") ms"
echo "first scan (all hashed), whole process: $first ms  -> $(awk "BEGIN {printf \"%.2f\", $openssl_s * 1000 / ($first - $empty)}")x openssl speed (start-up subtracted)"
echo "second scan (hash cache), whole process: median $second ms; empty-store scan $empty ms -> work $(( second - empty )) ms"
echo "200 manifests ($listed listed), warm cache, whole process: median $many ms (work $(( many - empty )) ms)"
