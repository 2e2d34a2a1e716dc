#!/usr/bin/env bash
# TrustCheck's cost per project inside MSBuild, without the compiler: everything a full build runs for TrustCheck
# (_TrustCheckCollectInputs with its Hash and WriteLinesToFile, the TrustCheck task and its findings' logging, the facts
# task, the Touch tasks, _TrustCheckAddFactsFile) in every project of the "with" solution of solution-build.sh, in ONE
# MSBuild node, against the same command with TrustCheckEnabled=false (same evaluation, TrustCheck's targets skipped).
#
#   TRUSTCHECK_BENCH_WORK=DIR benchmarks/msbuild/targets-cost.sh [RUNS=5]
#
# DIR is a work folder prepared by solution-build.sh (e.g. `TRUSTCHECK_BENCH_WORK=DIR solution-build.sh 30 0`; it
# packs this clone's TrustCheck into DIR/with). Each run is `dotnet msbuild Bench.sln
# -t:BuildOnlySettings;_TrustCheckAddFactsFile -m:1 -nr:false` (a new process: one cold node) after deleting the
# projects' obj/**/trustcheck.* files but the assets cache, as a --no-incremental build's Clean does (it keeps
# trustcheck.assets.cache, like the SDK's *.assets.cache). Sides interleaved (on off, off on, …).
# Printed: wall and user+sys CPU per run with the load average, medians, the difference per project
# ((on - off) / projects, which includes the node's first use once), and TrustCheck's lines of MSBuild's performance
# summary of the last "on" run. VERBOSITY=normal logs at normal verbosity (default minimal, where the summary lists targets and tasks).
# BASE_WORK=DIR2 adds a third side, "base": DIR2's "with" solution (e.g. prepared from another commit: copy DIR, run
# solution-build.sh there from that commit's clone with RUNS=0), interleaved with the others, to compare two packages.
set -euo pipefail
runs="${1:-5}"
work="${TRUSTCHECK_BENCH_WORK:?set TRUSTCHECK_BENCH_WORK to a folder prepared by solution-build.sh}"
sln="$work/with/Bench.sln"
[ -f "$sln" ] || { echo "no $sln: run TRUSTCHECK_BENCH_WORK=$work solution-build.sh PROJECTS 0 first" >&2; exit 2; }
projects=$(ls -d "$work"/with/src/Lib* | wc -l)
verbosity="${VERBOSITY:-minimal}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDTERMINALLOGGER=off

sides="on off"; [ -n "${BASE_WORK:-}" ] && sides="on base off"
run() { # run on|off|base -> "wall cpu load"
  local extra=() root="$work"
  [ "$1" = off ] && extra=(-p:TrustCheckEnabled=false)
  [ "$1" = base ] && root="$BASE_WORK"
  local sln="$root/with/Bench.sln"
  find "$root/with/src" -path '*/obj/*' -name 'trustcheck.*' ! -name 'trustcheck.assets.cache' -delete
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f '%e %U %S' -o "$work/targets-cost.time" \
    dotnet msbuild "$sln" "-t:BuildOnlySettings;_TrustCheckAddFactsFile" -m:1 -nr:false "-v:$verbosity" -clp:PerformanceSummary "${extra[@]}" \
    > "$work/targets-cost.$1.log" 2>&1 || { cat "$work/targets-cost.$1.log" >&2; exit 1; }
  read -r wall user sys < "$work/targets-cost.time"
  echo "$wall $(echo "$user + $sys" | bc) $load"
}

for side in $sides; do run "$side" > /dev/null; done  # warm-up (disk cache), not counted
for side in $sides; do : > "$work/targets-cost.$side.txt"; done
for i in $(seq "$runs"); do
  order="$sides"; [ $((i % 2)) -eq 0 ] && order=$(echo "$sides" | tr ' ' '\n' | tac | tr '\n' ' ')
  for side in $order; do
    result=$(run "$side")
    read -r wall cpu load <<<"$result"
    echo "$side run $i: wall $wall s, CPU $cpu s (load $load)"
    echo "$result" >> "$work/targets-cost.$side.txt"
  done
done
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
on_wall=$(awk '{ print $1 }' "$work/targets-cost.on.txt" | median); on_cpu=$(awk '{ print $2 }' "$work/targets-cost.on.txt" | median)
off_wall=$(awk '{ print $1 }' "$work/targets-cost.off.txt" | median); off_cpu=$(awk '{ print $2 }' "$work/targets-cost.off.txt" | median)
echo "TrustCheck on:  median wall $on_wall s, CPU $on_cpu s ($runs runs, $projects projects, one node)"
echo "TrustCheck off: median wall $off_wall s, CPU $off_cpu s"
if [ -n "${BASE_WORK:-}" ]; then
  base_wall=$(awk '{ print $1 }' "$work/targets-cost.base.txt" | median); base_cpu=$(awk '{ print $2 }' "$work/targets-cost.base.txt" | median)
  echo "base ($BASE_WORK): median wall $base_wall s, CPU $base_cpu s"
  awk -v a="$base_wall" -v b="$off_wall" -v c="$base_cpu" -v d="$off_cpu" -v n="$projects" \
    'BEGIN { printf "base difference per project: wall %.1f ms, CPU %.1f ms\n", (a - b) * 1000 / n, (c - d) * 1000 / n }'
fi
awk -v a="$on_wall" -v b="$off_wall" -v c="$on_cpu" -v d="$off_cpu" -v n="$projects" \
  'BEGIN { printf "difference per project (incl. the node first use once): wall %.1f ms, CPU %.1f ms\n", (a - b) * 1000 / n, (c - d) * 1000 / n }'
echo "TrustCheck in MSBuild's performance summary of the last 'on' run (summed over $projects projects):"
grep -E "^ {0,10}[0-9]+ ms\s+(_?TrustCheck\w*|TrustCheck\.Build\.\w+|Hash|WriteLinesToFile|Touch)\s" "$work/targets-cost.on.log" || true
