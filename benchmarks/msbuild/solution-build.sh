#!/usr/bin/env bash
# What TrustCheck adds to the build of a large solution: a generated solution of N class libraries (default 200)
# that share the packages of samples/ModelApp (Microsoft.ML, OnnxRuntime, TorchSharp, OllamaSharp, OpenAI, Semantic
# Kernel: ~44 packages with their dependencies) through Central Package Management, with TrustCheck referenced in
# Directory.Build.props, against the same solution without TrustCheck at all (no package: no task, no analyzers).
# Each library references one other (a binary tree: Lib7 -> Lib3 -> Lib1 -> Lib0), so the build has depth and width.
#
#   benchmarks/msbuild/solution-build.sh [PROJECTS] [RUNS]     (defaults 200 and 5)
#
# Environment: MODE=full|noop|both (default both): `dotnet build --no-incremental` and/or a no-op `dotnet build`;
# SERVER=true|false (default: $UseSharedCompilation, else true) passes -p:UseSharedCompilation (this environment exports
# UseSharedCompilation=false, which makes every csc a new process); TRUSTCHECK_BENCH_KEEP=1 keeps the work folder.
# Builds run with -nr:false (cold MSBuild nodes every build: no cache carried over from the previous build) and -m
# (all cores). Runs are interleaved (with/without, then without/with, …); the script prints every time and the medians.
set -euo pipefail
projects="${1:-200}"
runs="${2:-5}"
mode="${MODE:-both}"
server="${SERVER:-${UseSharedCompilation:-true}}"

repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d /tmp/trustcheck-slnbench-XXXXXX)"
version="0.1.0-slnbench.$(date +%s%N)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDTERMINALLOGGER=off
cleanup() { rm -rf "$work" "${NUGET_PACKAGES:-$HOME/.nuget/packages}/trustcheck/$version"; }
if [ "${TRUSTCHECK_BENCH_KEEP:-}" = 1 ]; then echo "work folder: $work" >&2; else trap cleanup EXIT; fi

echo "packing TrustCheck $version" >&2
dotnet pack "$repo/src/TrustCheck.Build/TrustCheck.Build.csproj" -c Release -o "$work/feed" -p:PackageVersion="$version" -v:q -nr:false >&2

# The sample's direct packages, with the versions the repository pins for it.
ml_packages=(Microsoft.ML Microsoft.ML.OnnxRuntime.Managed TorchSharp OllamaSharp OpenAI Microsoft.SemanticKernel)
version_of() { grep -oP "<PackageVersion Include=\"$1\" Version=\"\K[^\"]+" "$repo/Directory.Packages.props"; }

make_solution() { # make_solution DIR WITH_TRUSTCHECK(true|false)
  local root="$1" with="$2" i
  mkdir -p "$root/src"
  {
    echo '<Project>'
    echo '  <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>'
    echo '  <ItemGroup>'
    for id in "${ml_packages[@]}"; do echo "    <PackageVersion Include=\"$id\" Version=\"$(version_of "$id")\" />"; done
    [ "$with" = true ] && echo "    <PackageVersion Include=\"TrustCheck\" Version=\"$version\" />"
    echo '  </ItemGroup>'
    echo '</Project>'
  } > "$root/Directory.Packages.props"
  {
    echo '<Project>'
    echo '  <PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup>'
    echo '  <ItemGroup>'
    for id in "${ml_packages[@]}"; do echo "    <PackageReference Include=\"$id\" />"; done
    [ "$with" = true ] && echo '    <PackageReference Include="TrustCheck" PrivateAssets="all" />'
    echo '  </ItemGroup>'
    echo '</Project>'
  } > "$root/Directory.Build.props"
  cat > "$root/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><add key="trustcheck-bench" value="$work/feed" /></packageSources></configuration>
XML
  for ((i = 0; i < projects; i++)); do
    mkdir -p "$root/src/Lib$i"
    local reference=""
    if ((i > 0)); then reference="<ItemGroup><ProjectReference Include=\"../Lib$(((i - 1) / 2))/Lib$(((i - 1) / 2)).csproj\" /></ItemGroup>"; fi
    echo "<Project Sdk=\"Microsoft.NET.Sdk\">$reference</Project>" > "$root/src/Lib$i/Lib$i.csproj"
    cat > "$root/src/Lib$i/Model$i.cs" <<CS
using Microsoft.ML;

namespace Lib$i;

public sealed class Model$i
{
    private readonly MLContext _context = new(seed: $i);

    public IDataView Empty() => _context.Data.LoadFromEnumerable(Array.Empty<Row>());

    public sealed class Row
    {
        public float Value { get; set; }
    }
}
CS
  done
  (cd "$root" && dotnet new sln -n Bench --format sln >/dev/null && dotnet sln Bench.sln add src/*/*.csproj >/dev/null)
  (cd "$root" && dotnet restore Bench.sln -nr:false -v:q >&2)
  (cd "$root" && dotnet build Bench.sln --no-restore -nr:false -v:q -p:UseSharedCompilation="$server" >&2)  # warm-up, not counted
}
echo "generating 2 x $projects projects" >&2
make_solution "$work/with" true
make_solution "$work/without" false

time_build() { # time_build DIR ARGS…: prints milliseconds of one build
  local dir="$1" start end
  shift
  start=$(date +%s%N)
  (cd "$dir" && dotnet build Bench.sln --no-restore -nr:false -nologo -v:q -p:UseSharedCompilation="$server" "$@" > "$work/last.log" 2>&1) || { cat "$work/last.log" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

measure() { # measure LABEL ARGS…
  local label="$1" i
  shift
  local with=() without=()
  for ((i = 0; i < runs; i++)); do
    if ((i % 2 == 0)); then
      with+=("$(time_build "$work/with" "$@")"); without+=("$(time_build "$work/without" "$@")")
    else
      without+=("$(time_build "$work/without" "$@")"); with+=("$(time_build "$work/with" "$@")")
    fi
  done
  local m_with m_without
  m_with=$(median "${with[@]}"); m_without=$(median "${without[@]}")
  echo "$label, $projects projects, $runs runs each (interleaved), UseSharedCompilation=$server"
  echo "  with TrustCheck:     median ${m_with} ms   (${with[*]})"
  echo "  without TrustCheck:  median ${m_without} ms   (${without[*]})"
  awk -v a="$m_with" -v b="$m_without" 'BEGIN { printf "  overhead: %+.0f ms (%+.2f %%)\n", a - b, (a - b) * 100 / b }'
}

if [ "$mode" = full ] || [ "$mode" = both ]; then measure "full build (--no-incremental)" --no-incremental; fi
if [ "$mode" = noop ] || [ "$mode" = both ]; then measure "no-op build" ; fi

# Where TrustCheck's time goes inside MSBuild, summed over all projects of one full build.
echo "TrustCheck targets and tasks in one full build (MSBuild performance summary, all projects):"
(cd "$work/with" && dotnet build Bench.sln --no-restore --no-incremental -nr:false -nologo -v:q -p:UseSharedCompilation="$server" -clp:PerformanceSummary 2>&1) |
  grep -E "^\s+[0-9]+ ms\s+(_?TrustCheck|TrustCheck\.Build\.|Csc\s|CoreCompile\s)" || true
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
