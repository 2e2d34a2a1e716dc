#!/usr/bin/env bash
# Per-project cost of the TrustCheck MSBuild tasks in a warm build node, measured in-process: TaskCost runs what
# TrustCheckTask (check + report write) and TrustCheckWriteFactsTask do for each of PROJECTS restored class libraries
# (the packages of samples/ModelApp through Central Package Management, as solution-build.sh), ROUNDS times in one
# process. Round 1 is a node's first use; the figure printed is the median over rounds 2.. of the per-project
# milliseconds (wall and process CPU).
# Usage: benchmarks/msbuild/task-cost.sh [PROJECTS=20] [ROUNDS=6] [PAIRS=5]
#   BASE_DLL=/path/to/other/TaskCost.dll  also runs that build (e.g. of main), interleaved A B B A ..., and compares.
#   TRUSTCHECK_BENCH_WORK=DIR             keeps the generated, restored projects in DIR for the next run.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
. benchmarks/lib/generate.sh
projects="${1:-20}" rounds="${2:-6}" pairs="${3:-5}"
work="${TRUSTCHECK_BENCH_WORK:-$(mktemp -d -t trustcheck-taskcost-XXXXXX)}"
mkdir -p "$work"

dotnet build "$repo/benchmarks/msbuild/TaskCost" -c Release --nologo -v quiet >/dev/null
new="$repo/benchmarks/msbuild/TaskCost/bin/Release/net10.0/TaskCost.dll"

if [ ! -f "$work/Lib$projects/obj/project.assets.json" ]; then
  packages=$(grep -o 'PackageReference Include="[^"]*"' "$repo/samples/ModelApp/ModelApp.csproj" | cut -d'"' -f2)
  cp "$repo/Directory.Packages.props" "$work/Directory.Packages.props"
  for i in $(seq 1 "$projects"); do
    mkdir -p "$work/Lib$i"
    library_project $packages > "$work/Lib$i/Lib$i.csproj"
    dotnet restore "$work/Lib$i/Lib$i.csproj" --verbosity quiet >/dev/null
  done
fi

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# One run: the medians of rounds 2.. (warm node), "wall cpu" in ms per project.
run() {
  dotnet "$1" "$work" "$rounds" | sed -n -E 's/^round ([2-9]|[1-9][0-9]+):.* total ([0-9.]+) ms wall, ([0-9.]+) ms CPU.*/\2 \3/p' > "$work/rounds.txt"
  echo "$(awk '{ print $1 }' "$work/rounds.txt" | median) $(awk '{ print $2 }' "$work/rounds.txt" | median)"
}

: > "$work/this.txt"; : > "$work/base.txt"
for pair in $(seq "$pairs"); do
  order="this base"; [ $((pair % 2)) -eq 0 ] && order="base this"
  for side in $order; do
    [ "$side" = base ] && [ -z "${BASE_DLL:-}" ] && continue
    dll=$new; [ "$side" = base ] && dll=$BASE_DLL
    result=$(run "$dll")
    echo "$side pair $pair: warm per project ${result% *} ms wall, ${result#* } ms CPU (load $(cut -d' ' -f1 /proc/loadavg))"
    echo "$result" >> "$work/$side.txt"
  done
done
for side in this base; do
  [ -s "$work/$side.txt" ] || continue
  echo "$side: median warm per project $(awk '{ print $1 }' "$work/$side.txt" | median) ms wall, $(awk '{ print $2 }' "$work/$side.txt" | median) ms CPU ($pairs runs of $rounds rounds, $projects projects)"
done
