#!/usr/bin/env bash
# The three whole-process start-up budgets of the CLI in one run (see README.md, "Start-up and per-run cost"):
#   check samples/ModelApp --no-cache (<= 0.15 s), scan of 300 small pickles (must beat picklescan:
#   benchmarks/models/picklescan-side-by-side.sh), scan ollama: listing 200 manifests (<= 0.3 s).
# Runs interleaved through ab.sh: medians, min, user+sys CPU, load average. Each budget is timed for the installed
# tool (benchmarks/cli/installed-tool.sh: what `dotnet tool install TrustCheck.Cli` gives, on linux-x64 the Native AOT
# binary, docs/tool-package.md) and for the JIT-compiled trustcheck.dll of the Release build (`dotnet run`, other OSes).
# Usage: benchmarks/cli/budgets.sh [runs=15]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-15}"
cli="dotnet src/TrustCheck.Cli/bin/Release/net10.0/trustcheck.dll"
tool=$(benchmarks/cli/installed-tool.sh)
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
  "tool check --no-cache::$tool check samples/ModelApp --no-cache"
  "tool scan 300 pickles::$tool scan $pickles"
  "tool scan ollama: (200)::$ollama $tool scan ollama:"
  "dll check --no-cache::$cli check samples/ModelApp --no-cache"
  "dll scan 300 pickles::$cli scan $pickles"
  "dll scan ollama: (200)::$ollama $cli scan ollama:"
)
benchmarks/cli/ab.sh "$runs" "${variants[@]}"
