#!/usr/bin/env bash
# What TrustCheck adds to an IDE's design-time build: the restore-free `msbuild -t:Compile` with DesignTimeBuild=true,
# BuildingProject=false, SkipCompilerExecution=true, ProvideCommandLineArgs=true (what Visual Studio, C# Dev Kit and
# MSBuildWorkspace run on every project load and project-file edit), with the TrustCheck package enabled vs the same
# project with TrustCheckEnabled=false. Design-time builds skip the check itself; they run only the facts target
# (incremental) that hands the analyzers their facts file. Runs are interleaved; prints medians and the overhead.
#
#   benchmarks/msbuild/design-time.sh [RUNS]      (default 15; at least 10)
#
# Same two copies of samples/ModelApp as noop-build.sh (see there).
set -euo pipefail
runs="${1:-15}"
if [ "$runs" -lt 10 ]; then echo "use at least 10 runs" >&2; exit 2; fi

repo="$(cd "$(dirname "$0")/../.." && pwd)"
. "$repo/benchmarks/lib/generate.sh"
work="$(mktemp -d /tmp/trustcheck-bench-XXXXXX)"
version="0.1.0-bench.$(date +%s%N)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDTERMINALLOGGER=off
cleanup() { rm -rf "$work" "${NUGET_PACKAGES:-$HOME/.nuget/packages}/trustcheck/$version"; }
# TRUSTCHECK_BENCH_KEEP=1 keeps the apps for a closer look (binlog, -clp:PerformanceSummary).
if [ "${TRUSTCHECK_BENCH_KEEP:-}" = 1 ]; then echo "work folder: $work" >&2; else trap cleanup EXIT; fi

echo "packing TrustCheck $version" >&2
dotnet pack "$repo/src/TrustCheck.Build/TrustCheck.Build.csproj" -c Release -o "$work/feed" -p:PackageVersion="$version" -v:q >&2

# Two identical copies of samples/ModelApp (the repository's sample: Microsoft.ML, OnnxRuntime, TorchSharp, OllamaSharp,
# OpenAI, Semantic Kernel, with its trustcheck.json), one with
# TrustCheckEnabled=false. (Flipping a -p: global property on one copy would change the compiler's AdditionalFiles
# and make every build recompile.) The copies keep Central Package Management: the repository's
# Directory.Packages.props plus a PackageVersion for this TrustCheck build.
make_app() { # make_app DIR ENABLED
  local app="$1"
  mkdir -p "$app"
  cp -r "$repo/samples/ModelApp/." "$app/"
  rm -rf "$app/bin" "$app/obj"
  sed "s|</Project>|  <ItemGroup><PackageVersion Include=\"TrustCheck\" Version=\"$version\" /></ItemGroup>\n</Project>|" \
    "$repo/Directory.Packages.props" > "$app/Directory.Packages.props"
  cat > "$app/Directory.Build.props" <<XML
<Project>
  <!-- What the repository's Directory.Build.props gives the sample, plus the switch under test. -->
  <PropertyGroup><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable><TrustCheckEnabled>$2</TrustCheckEnabled></PropertyGroup>
  <ItemGroup><PackageReference Include="TrustCheck" PrivateAssets="all" /></ItemGroup>
</Project>
XML
  feed_config trustcheck-bench "$work/feed" > "$app/nuget.config"
  (cd "$app" && dotnet build -v:q >&2)                  # restore + full build (TrustCheck runs once in the enabled app)
}
make_app "$work/with" true
make_app "$work/without" false

design_time=(-t:Compile -nr:false -v:q -nologo -p:DesignTimeBuild=true -p:BuildingProject=false -p:SkipCompilerExecution=true -p:ProvideCommandLineArgs=true)
time_build() { # time_build DIR: prints milliseconds of one design-time build
  local start end
  start=$(date +%s%N)
  (cd "$1" && dotnet msbuild ModelApp.csproj "${design_time[@]}" > "$work/last.log" 2>&1) || { cat "$work/last.log" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

# Warm-up (disk cache, first-run JIT of the SDK), not counted.
time_build "$work/with" > /dev/null; time_build "$work/without" > /dev/null

with=(); without=()
for ((i = 0; i < runs; i++)); do
  # Alternate which side goes first, so neither always inherits the other's warm caches.
  if ((i % 2 == 0)); then
    with+=("$(time_build "$work/with")"); without+=("$(time_build "$work/without")")
  else
    without+=("$(time_build "$work/without")"); with+=("$(time_build "$work/with")")
  fi
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
m_with=$(median "${with[@]}"); m_without=$(median "${without[@]}")
echo "runs: $runs each (interleaved)"
echo "with TrustCheck:            median ${m_with} ms   (${with[*]})"
echo "TrustCheckEnabled=false:    median ${m_without} ms   (${without[*]})"
awk -v a="$m_with" -v b="$m_without" 'BEGIN { printf "overhead: %+.1f ms (%+.2f %%)\n", a - b, (a - b) * 100 / b }'
# The same, measured inside MSBuild (free of process start-up and scheduler noise): evaluation + build time of the
# project from -clp:PerformanceSummary, median of 7 design-time builds per side, and TrustCheck's own targets.
msbuild_ms() { # msbuild_ms DIR: prints "evaluation build" milliseconds of one design-time build
  (cd "$1" && dotnet msbuild ModelApp.csproj "${design_time[@]}" -clp:PerformanceSummary 2>&1) |
    grep -E "^\s+[0-9]+ ms\s+\S*App\.csproj\s" | awk '{print $1}' | head -2 | paste -sd' '
}
eval_with=(); eval_without=(); build_with=(); build_without=()
for ((i = 0; i < 7; i++)); do
  read -r e b <<<"$(msbuild_ms "$work/with")"; eval_with+=("$e"); build_with+=("$b")
  read -r e b <<<"$(msbuild_ms "$work/without")"; eval_without+=("$e"); build_without+=("$b")
done
echo "MSBuild-measured, median of 7: evaluation $(median "${eval_with[@]}") vs $(median "${eval_without[@]}") ms, build $(median "${build_with[@]}") vs $(median "${build_without[@]}") ms (with vs without)"
echo "TrustCheck targets in a design-time build (MSBuild performance summary):"
(cd "$work/with" && dotnet msbuild ModelApp.csproj "${design_time[@]}" -clp:PerformanceSummary 2>&1) | grep -E "^\s+[0-9]+ ms\s+_?TrustCheck" || true
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
