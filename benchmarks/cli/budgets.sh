#!/usr/bin/env bash
# The three whole-process start-up budgets of the CLI in one run (see README.md, "Start-up and per-run cost"):
#   check samples/ModelApp --no-cache (<= 0.15 s), scan of 300 small pickles (must beat picklescan:
#   benchmarks/models/picklescan-side-by-side.sh), scan ollama: listing 200 manifests (<= 0.3 s).
# Runs interleaved through ab.sh: medians, min, user+sys CPU, load average.
# Usage: benchmarks/cli/budgets.sh [runs=15] [native-aot-binary]   (the AOT binary, docs/native-aot.md, is optional)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-15}"; aot="${2:-}"
cli="dotnet src/TrustCheck.Cli/bin/Release/net10.0/trustcheck.dll"
work=${TMPDIR:-/tmp}/trustcheck-budgets
mkdir -p "$work"

dotnet build src/TrustCheck.Cli -c Release --nologo -v quiet >/dev/null
$cli check samples/ModelApp >/dev/null || true   # restores the sample once
pickles="$work/pickles-300"
if [ ! -d "$pickles" ]; then
  mkdir -p "$pickles"
  python3 benchmarks/models/make-pickles.py "$pickles" 300
fi
store="$work/ollama-200"
[ -d "$store" ] || python3 benchmarks/remote/make-store.py "$store" 20 1 10 >/dev/null
ollama="env OLLAMA_MODELS=$store TRUSTCHECK_CACHE_DIR=$work/cache"
$ollama $cli scan ollama: >/dev/null || true    # warm hash cache, as the budget says

variants=(
  "check --no-cache::$cli check samples/ModelApp --no-cache"
  "scan 300 pickles::$cli scan $pickles"
  "scan ollama: (200)::$ollama $cli scan ollama:"
)
if [ -n "$aot" ]; then
  variants+=(
    "AOT check --no-cache::$aot check samples/ModelApp --no-cache"
    "AOT scan 300 pickles::$aot scan $pickles"
    "AOT scan ollama: (200)::$ollama $aot scan ollama:"
  )
fi
benchmarks/cli/ab.sh "$runs" "${variants[@]}"
