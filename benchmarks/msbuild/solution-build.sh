#!/usr/bin/env bash
# What TrustCheck adds to the build of a large solution: a generated solution of N class libraries (default 200)
# that share the packages of samples/ModelApp (Microsoft.ML, OnnxRuntime, TorchSharp, OllamaSharp, OpenAI, Semantic
# Kernel: ~44 packages with their dependencies) through Central Package Management, with TrustCheck referenced in
# Directory.Build.props, against the same solution without TrustCheck at all (no package: no task, no analyzers).
# Each library references one other (a binary tree: Lib7 -> Lib3 -> Lib1 -> Lib0), so the build has depth and width.
#
#   benchmarks/msbuild/solution-build.sh [PROJECTS] [RUNS]     (defaults 200 and 5; quick check: 10 1)
#
# Environment: MODE=full|noop|both (default both): `dotnet build --no-incremental` and/or a no-op `dotnet build`;
# SERVER=true|false (default: $UseSharedCompilation, else true) passes -p:UseSharedCompilation (this environment exports
# UseSharedCompilation=false, which makes every csc a new process); TRUSTCHECK_BENCH_KEEP=1 keeps the work folder;
# TRUSTCHECK_BENCH_WORK=DIR uses DIR as the work folder and keeps it: when it already holds both solutions (same
# PROJECTS), they are reused, and only a freshly packed TrustCheck goes into the "with" copy (restore + warm-up build):
# measure, change the code, measure again without generating and restoring 2 x PROJECTS projects anew. RUNS=0 only
# prepares the work folder. SUMMARY=false skips the closing performance-summary build.
#
# Each build is timed whole-process (/usr/bin/time: wall, and user+sys CPU of dotnet build, its MSBuild nodes and
# every csc they ran — the steadier figure on a shared machine) with the load average at its start. With the compiler
# server (SERVER=true) csc runs in VBCSCompiler, which is no child of the build: its CPU is read from /proc before and
# after each build and added (any other build using the same server at that moment is counted too).
# Builds run with -nr:false (cold MSBuild nodes every build: no cache carried over from the previous build) and -m
# (all cores). Runs are interleaved (with/without, then without/with, …); the script prints every time and the medians.
set -euo pipefail
projects="${1:-200}"
runs="${2:-5}"
mode="${MODE:-both}"
server="${SERVER:-${UseSharedCompilation:-true}}"

repo="$(cd "$(dirname "$0")/../.." && pwd)"
. "$repo/benchmarks/lib/generate.sh"
if [ -n "${TRUSTCHECK_BENCH_WORK:-}" ]; then
  work="$TRUSTCHECK_BENCH_WORK"; mkdir -p "$work"; TRUSTCHECK_BENCH_KEEP=1
else
  work="$(mktemp -d /tmp/trustcheck-slnbench-XXXXXX)"
fi
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
  feed_config trustcheck-bench "$work/feed" > "$root/nuget.config"
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
reuse_solution() { # a fresh TrustCheck package into the existing "with" copy
  local root="$work/with"
  sed -i -E "s#(<PackageVersion Include=\"TrustCheck\" Version=\")[^\"]+#\1$version#" "$root/Directory.Packages.props"
  # The feed of this run (the folder may have been copied from another work folder to compare two packages).
  sed -i -E "s#(<add key=\"trustcheck-bench\" value=\")[^\"]+#\1$work/feed#" "$root/nuget.config"
  (cd "$root" && dotnet restore Bench.sln -nr:false -v:q >&2)
  # Warm-up of the changed copy, not counted (the other one is still built from the earlier run).
  (cd "$root" && dotnet build Bench.sln --no-restore -nr:false -v:q -p:UseSharedCompilation="$server" >&2)
}
if [ -f "$work/with/Bench.sln" ] && [ -f "$work/without/Bench.sln" ] && [ -d "$work/with/src/Lib$((projects - 1))" ] && [ ! -d "$work/with/src/Lib$projects" ]; then
  echo "reusing the $projects-project solutions in $work with TrustCheck $version" >&2
  reuse_solution
else
  rm -rf "$work/with" "$work/without"
  echo "generating 2 x $projects projects" >&2
  make_solution "$work/with" true
  make_solution "$work/without" false
fi
if ((runs == 0)); then echo "prepared (RUNS=0): $work" >&2; exit 0; fi

server_cpu() { # user+sys seconds of every running compiler server (VBCSCompiler) of this user, one line per pid
  local pid
  for pid in $(pgrep -u "$(id -u)" -f VBCSCompiler.dll || true); do
    [ -r "/proc/$pid/stat" ] && awk -v pid="$pid" -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print pid, ($12 + $13) / hz }' "/proc/$pid/stat"
  done
}
time_build() { # time_build DIR ARGS…: prints "WALL_MS CPU_S LOAD" of one build
  local dir="$1" before after
  shift
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  before=$(server_cpu)
  (cd "$dir" && /usr/bin/time -f '%e %U %S' -o "$work/last.time" dotnet build Bench.sln --no-restore -nr:false -nologo -v:q -p:UseSharedCompilation="$server" "$@" > "$work/last.log" 2>&1) || { cat "$work/last.log" >&2; exit 1; }
  after=$(server_cpu)
  local server_s
  server_s=$(awk 'NR == FNR { b[$1] = $2; next } { d += $2 - ($1 in b ? b[$1] : 0) } END { printf "%.2f", d + 0 }' <(echo "$before") <(echo "$after"))
  awk -v s="$server_s" -v l="$load" '{ printf "%d %.2f %s\n", $1 * 1000, $2 + $3 + s, l }' "$work/last.time"
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

measure() { # measure LABEL ARGS…
  local label="$1" i r
  shift
  local with_wall=() without_wall=() with_cpu=() without_cpu=() loads=()
  run_side() { # run_side with|without ARGS…
    local side="$1"; shift
    r=($(time_build "$work/$side" "$@"))
    echo "  $side: ${r[0]} ms wall, ${r[1]} s CPU, load ${r[2]}" >&2
    loads+=("${r[2]}")
    if [ "$side" = with ]; then with_wall+=("${r[0]}"); with_cpu+=("${r[1]}"); else without_wall+=("${r[0]}"); without_cpu+=("${r[1]}"); fi
  }
  for ((i = 0; i < runs; i++)); do
    if ((i % 2 == 0)); then run_side with "$@"; run_side without "$@"; else run_side without "$@"; run_side with "$@"; fi
  done
  local mw mo cw co
  mw=$(median "${with_wall[@]}"); mo=$(median "${without_wall[@]}"); cw=$(median "${with_cpu[@]}"); co=$(median "${without_cpu[@]}")
  echo "$label, $projects projects, $runs runs each (interleaved), UseSharedCompilation=$server, load average at the starts: ${loads[*]}"
  echo "  with TrustCheck:     wall median ${mw} ms (${with_wall[*]}); CPU median ${cw} s (${with_cpu[*]})"
  echo "  without TrustCheck:  wall median ${mo} ms (${without_wall[*]}); CPU median ${co} s (${without_cpu[*]})"
  awk -v a="$mw" -v b="$mo" -v c="$cw" -v d="$co" 'BEGIN { printf "  overhead: wall %+.0f ms (%+.2f %%), CPU %+.2f s (%+.2f %%)\n", a - b, (a - b) * 100 / b, c - d, (c - d) * 100 / d }'
}

if [ "$mode" = full ] || [ "$mode" = both ]; then measure "full build (--no-incremental)" --no-incremental; fi
if [ "$mode" = noop ] || [ "$mode" = both ]; then measure "no-op build" ; fi

# Where TrustCheck's time goes inside MSBuild, summed over all projects of one full build.
if [ "${SUMMARY:-true}" = false ]; then exit 0; fi
echo "TrustCheck targets and tasks in one full build (MSBuild performance summary, all projects):"
(cd "$work/with" && dotnet build Bench.sln --no-restore --no-incremental -nr:false -nologo -v:q -p:UseSharedCompilation="$server" -clp:PerformanceSummary 2>&1) |
  grep -E "^\s+[0-9]+ ms\s+(_?TrustCheck|TrustCheck\.Build\.|Csc\s|CoreCompile\s)" || true
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
