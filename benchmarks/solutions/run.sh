#!/usr/bin/env bash
# `trustcheck check <sln>` on generated 50/100/200-project solutions: whole-process wall time (cold process, restore
# done, OS file cache warm), CPU time and peak memory (/usr/bin/time). Every project is a class library referencing the
# direct packages of samples/ModelApp through Central Package Management, so all sizes share the same ~40 unique
# packages: the time should grow with unique packages, not with projects.
# The 200 projects are generated and restored once (one `dotnet restore` of the 200-project solution); the 50- and
# 100-project solutions list the first projects of the same folder.
# Usage: benchmarks/solutions/run.sh [runs per size] (default 5). Work folder: $TRUSTCHECK_BENCH_DIR or a temp folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
. benchmarks/lib/generate.sh

runs="${1:-5}"
sizes=(50 100 200)
# The command as users install it (on linux-x64 the Native AOT binary); TRUSTCHECK_CLI="dotnet path/trustcheck.dll"
# times the JIT-compiled build instead.
cli=${TRUSTCHECK_CLI:-$(benchmarks/cli/installed-tool.sh)}
work="${TRUSTCHECK_BENCH_DIR:-$(mktemp -d -t trustcheck-solutions-XXXXXX)}"
mkdir -p "$work"
cd "$work"


# The sample's direct references, versions from the repository's Directory.Packages.props.
packages=$(grep -o 'PackageReference Include="[^"]*"' "$repo/samples/ModelApp/ModelApp.csproj" | cut -d'"' -f2)
if [ ! -f Lib200/Lib200.csproj ]; then
  cp "$repo/Directory.Packages.props" Directory.Packages.props
  for i in $(seq 1 200); do
    mkdir -p "Lib$i"
    library_project $packages > "Lib$i/Lib$i.csproj"
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
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for n in "${sizes[@]}"; do
  $cli check "S$n.sln" --no-restore >/dev/null || true   # warm the OS file cache; not measured
  summary=$($cli check "S$n.sln" --no-restore | tail -1)
  : > runs.tsv
  for _ in $(seq "$runs"); do
    # wall s, user s, sys s, peak RSS KB: CPU time (user + sys) stays meaningful on a busy machine, wall time does not.
    /usr/bin/time -f "%e %U %S %M" -o time.txt $cli check "S$n.sln" --no-restore >/dev/null || true
    cat time.txt >> runs.tsv
  done
  wall=$(awk '{ print $1 }' runs.tsv | median)
  cpu=$(awk '{ print $2 + $3 }' runs.tsv | median)
  peak=$(awk '{ print $4 }' runs.tsv | sort -n | tail -1)
  echo "$n projects: median wall ${wall} s, median CPU (user+sys) ${cpu} s, peak RSS $(( peak / 1024 )) MB ($runs runs) — $summary"
done
echo "work folder: $work"
