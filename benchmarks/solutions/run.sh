#!/usr/bin/env bash
# `trustcheck check <sln>` on generated 50/100/200-project solutions: whole-process wall time (cold process, restore
# done, OS file cache warm) and peak memory (/usr/bin/time -v). Every project is a class library referencing the
# direct packages of samples/ModelApp through Central Package Management, so all sizes share the same ~40 unique
# packages: the time should grow with unique packages, not with projects.
# The 200 projects are generated and restored once (one `dotnet restore` of the 200-project solution); the 50- and
# 100-project solutions list the first projects of the same folder.
# Usage: benchmarks/solutions/run.sh [runs per size] (default 5). Work folder: $TRUSTCHECK_BENCH_DIR or a temp folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

runs="${1:-5}"
sizes=(50 100 200)
cli="$repo/src/TrustCheck.Cli/bin/Release/net10.0/trustcheck.dll"
work="${TRUSTCHECK_BENCH_DIR:-$(mktemp -d -t trustcheck-solutions-XXXXXX)}"
mkdir -p "$work"
cd "$work"

dotnet build "$repo/src/TrustCheck.Cli" -c Release --nologo -v quiet >/dev/null

# The sample's direct references, versions from the repository's Directory.Packages.props.
packages=$(grep -o 'PackageReference Include="[^"]*"' "$repo/samples/ModelApp/ModelApp.csproj" | cut -d'"' -f2)
if [ ! -f Lib200/Lib200.csproj ]; then
  cp "$repo/Directory.Packages.props" Directory.Packages.props
  for i in $(seq 1 200); do
    mkdir -p "Lib$i"
    {
      echo '<Project Sdk="Microsoft.NET.Sdk">'
      echo '  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>'
      echo '  <ItemGroup>'
      for p in $packages; do echo "    <PackageReference Include=\"$p\" />"; done
      echo '  </ItemGroup>'
      echo '</Project>'
    } > "Lib$i/Lib$i.csproj"
  done
  for n in "${sizes[@]}"; do
    rm -f "S$n.sln"
    dotnet new sln --format sln --name "S$n" >/dev/null
    dotnet sln "S$n.sln" add $(for i in $(seq 1 "$n"); do echo "Lib$i/Lib$i.csproj"; done) >/dev/null
  done
  start=$(date +%s%N)
  dotnet restore S200.sln --verbosity quiet >/dev/null
  echo "restore of 200 projects (once): $(( ($(date +%s%N) - start) / 1000000 )) ms"
fi

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for n in "${sizes[@]}"; do
  dotnet "$cli" check "S$n.sln" --no-restore >/dev/null || true   # warm the OS file cache; not measured
  summary=$(dotnet "$cli" check "S$n.sln" --no-restore | tail -1)
  times=()
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    dotnet "$cli" check "S$n.sln" --no-restore >/dev/null || true
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  median=${sorted[$(( ${#sorted[@]} / 2 ))]}
  peak=$( { /usr/bin/time -v dotnet "$cli" check "S$n.sln" --no-restore >/dev/null; } 2>&1 | grep 'Maximum resident' | awk '{print $NF}')
  echo "$n projects: median ${median} ms (min ${sorted[0]}, max ${sorted[-1]}, $runs runs), peak RSS $(( peak / 1024 )) MB — $summary"
done
echo "work folder: $work"
