#!/usr/bin/env bash
# Online checks of samples/ModelApp's packages against a loopback v3 feed: cold and cached timings of the online stage.
# Usage: benchmarks/online/run.sh [iterations] [processes]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
iterations="${1:-20}"
processes="${2:-3}"
dotnet build "$here/OnlineBench/OnlineBench.csproj" -c Release --nologo -v quiet -clp:ErrorsOnly
bench="$here/OnlineBench/bin/Release/net10.0/OnlineBench.dll"
for _ in $(seq "$processes"); do
  dotnet "$bench" "$iterations"
  echo
done
# New processes answered from a cache an earlier process filled.
cache="$(mktemp -d)/online"
dotnet "$bench" 1 "$cache"
for _ in $(seq "$processes"); do
  dotnet "$bench" 1 "$cache"
done
rm -rf "$(dirname "$cache")"
# Whole processes of the ReadyToRun-compiled CLI: offline check vs online check, cached and cold.
repo="$(cd "$here/../.." && pwd)"
dotnet build "$repo/src/TrustCheck.Cli/TrustCheck.Cli.csproj" -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet "$bench" --cli "$repo/src/TrustCheck.Cli/bin/Release/net10.0/trustcheck.dll" "$iterations"
