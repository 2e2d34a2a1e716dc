#!/usr/bin/env bash
# What a build node pays the first time it runs the TrustCheck tasks (once per MSBuild node per build: JIT of
# TrustCheck and its NuGet libraries, first read of the package folders), with the ReadyToRun-compiled task folder
# against the IL-only one (TrustCheckReadyToRun=false), both packed from this clone, and against TrustCheck disabled.
#
#   benchmarks/msbuild/first-use.sh [RUNS=7]        (quick check: 1)
#
# One class library with the packages of samples/ModelApp (44 with dependencies, via Central Package Management), one
# copy per package, restored once. Each run is a new `dotnet msbuild -t:BuildOnlySettings;_TrustCheckAddFactsFile -nr:false -m:1`
# process (a fresh node runs what a build runs before CoreCompile: _TrustCheckCollectInputs and TrustCheck, whose task
# also writes the facts file, so TrustCheckWriteFactsTask shows "-"; no compiler) after deleting the TrustCheck files in
# obj/ (the assets cache too: a first build after restore). Sides are interleaved (r2r il off, then off il r2r, ...). Printed per
# run: wall and user+sys CPU of the whole process (/usr/bin/time), the two tasks' times from -clp:PerformanceSummary,
# the load average at the start; then the medians. "off" is the same command with TrustCheckEnabled=false: MSBuild's
# own start and evaluation, which both other sides pay too.
# TRUSTCHECK_BENCH_KEEP=1 keeps the work folder. IL_NUPKG=path uses that package as the IL side instead of packing one.
set -euo pipefail
runs="${1:-7}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
. "$repo/benchmarks/lib/generate.sh"
work="$(mktemp -d /tmp/trustcheck-firstuse-XXXXXX)"
stamp="$(date +%s%N)"
r2r_version="0.1.0-firstuse.r2r.$stamp" il_version="0.1.0-firstuse.il.$stamp"
packages_folder="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDTERMINALLOGGER=off
cleanup() { rm -rf "$work" "$packages_folder/trustcheck/$r2r_version" "$packages_folder/trustcheck/$il_version"; }
if [ "${TRUSTCHECK_BENCH_KEEP:-}" = 1 ]; then echo "work folder: $work" >&2; else trap cleanup EXIT; fi

project="$repo/src/TrustCheck.Build/TrustCheck.Build.csproj"
echo "packing TrustCheck (ReadyToRun) $r2r_version" >&2
dotnet pack "$project" -c Release -o "$work/feed" -p:PackageVersion="$r2r_version" -v:q -nr:false >&2
if [ -n "${IL_NUPKG:-}" ]; then
  il_version=$(basename "$IL_NUPKG" .nupkg); il_version=${il_version#TrustCheck.}
  cp "$IL_NUPKG" "$work/feed/"
else
  echo "packing TrustCheck (IL only) $il_version" >&2
  dotnet pack "$project" -c Release -o "$work/feed" -p:PackageVersion="$il_version" -p:TrustCheckReadyToRun=false -v:q -nr:false >&2
fi

version_of() { grep -oP "<PackageVersion Include=\"$1\" Version=\"\K[^\"]+" "$repo/Directory.Packages.props"; }
ml_packages=(Microsoft.ML Microsoft.ML.OnnxRuntime.Managed TorchSharp OllamaSharp OpenAI Microsoft.SemanticKernel)
make_project() { # make_project DIR TRUSTCHECK_VERSION
  mkdir -p "$1"
  {
    echo '<Project>'
    echo '  <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>'
    echo '  <ItemGroup>'
    for id in "${ml_packages[@]}"; do echo "    <PackageVersion Include=\"$id\" Version=\"$(version_of "$id")\" />"; done
    echo "    <PackageVersion Include=\"TrustCheck\" Version=\"$2\" />"
    echo '  </ItemGroup>'
    echo '</Project>'
  } > "$1/Directory.Packages.props"
  library_project --trustcheck "${ml_packages[@]}" > "$1/Lib.csproj"
  feed_config trustcheck-firstuse "$work/feed" > "$1/nuget.config"
  dotnet restore "$1/Lib.csproj" -v:q -nr:false >&2
}
make_project "$work/r2r" "$r2r_version"
make_project "$work/il" "$il_version"

# run SIDE -> "wall cpu check_ms facts_ms load"
run() {
  local dir="$work/$1" extra=()
  [ "$1" = off ] && { dir="$work/il"; extra=(-p:TrustCheckEnabled=false); }
  rm -f "$dir"/obj/Debug/net10.0/trustcheck.*
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f '%e %U %S' -o "$work/time.txt" \
    dotnet msbuild "$dir/Lib.csproj" "-t:BuildOnlySettings;_TrustCheckAddFactsFile" -nr:false -m:1 -v:m -clp:PerformanceSummary "${extra[@]}" > "$work/out.txt" 2>&1 \
    || { cat "$work/out.txt" >&2; exit 1; }
  local task_ms facts_ms
  task_ms=$(awk '$3 == "TrustCheck.Build.TrustCheckTask" { print $1 }' "$work/out.txt" | tail -n 1)
  facts_ms=$(awk '$3 == "TrustCheck.Build.TrustCheckWriteFactsTask" { print $1 }' "$work/out.txt" | tail -n 1)
  read -r wall user sys < "$work/time.txt"
  echo "$wall $(echo "$user + $sys" | bc) ${task_ms:--} ${facts_ms:--} $load"
}

echo "warm-up (not counted)" >&2
for side in r2r il off; do run "$side" > /dev/null; done
for side in r2r il off; do : > "$work/$side.txt"; done
for i in $(seq "$runs"); do
  order="r2r il off"; [ $((i % 2)) -eq 0 ] && order="off il r2r"
  for side in $order; do
    result=$(run "$side")
    read -r wall cpu task facts load <<<"$result"
    printf '%-3s run %d: wall %s s, CPU %s s, TrustCheckTask %s ms, TrustCheckWriteFactsTask %s ms (load %s)\n' "$side" "$i" "$wall" "$cpu" "$task" "$facts" "$load"
    echo "$result" >> "$work/$side.txt"
  done
done
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for side in r2r il off; do
  printf '%-3s median of %d: wall %s s, CPU %s s, TrustCheckTask %s ms, TrustCheckWriteFactsTask %s ms\n' "$side" "$runs" \
    "$(awk '{ print $1 }' "$work/$side.txt" | median)" "$(awk '{ print $2 }' "$work/$side.txt" | median)" \
    "$(awk '{ print $3 }' "$work/$side.txt" | median)" "$(awk '{ print $4 }' "$work/$side.txt" | median)"
done
