#!/usr/bin/env bash
# What TrustCheck adds to a no-op incremental build: `dotnet build --no-restore` of an unchanged project, with the
# TrustCheck package enabled vs the same project with TrustCheckEnabled=false. Runs are interleaved (with, without,
# with, …) so machine load drifts hit both sides alike; prints the median wall time of each and the overhead.
#
#   benchmarks/msbuild/noop-build.sh [RUNS]      (default 15; at least 10)
#
# The project is a console app referencing real ML packages (Microsoft.ML.OnnxRuntime.Managed, OllamaSharp) with a
# real ONNX model from the shared corpus as a None item, in a temporary folder outside the repository. The TrustCheck
# package is packed from this clone with a unique prerelease version, so no stale copy is ever measured.
set -euo pipefail
runs="${1:-15}"
if [ "$runs" -lt 10 ]; then echo "use at least 10 runs" >&2; exit 2; fi

repo="$(cd "$(dirname "$0")/../.." && pwd)"
corpus="$repo/../shared/corpus"
work="$(mktemp -d /tmp/trustcheck-bench-XXXXXX)"
version="0.1.0-bench.$(date +%s%N)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDTERMINALLOGGER=off
cleanup() { rm -rf "$work" "${NUGET_PACKAGES:-$HOME/.nuget/packages}/trustcheck/$version"; }
trap cleanup EXIT

echo "packing TrustCheck $version" >&2
dotnet pack "$repo/src/TrustCheck.Build/TrustCheck.Build.csproj" -c Release -o "$work/feed" -p:PackageVersion="$version" -v:q >&2

# Two identical apps, one with TrustCheckEnabled=false in its project file. (Flipping a -p: global property on one
# app would change the compiler's AdditionalFiles and make every build recompile.)
make_app() { # make_app DIR ENABLED
  local app="$1"
  mkdir -p "$app/models"
  cp "$corpus/onnx/simple/test_single_relu_model.onnx" "$app/models/relu.onnx"
  cat > "$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><add key="trustcheck-bench" value="$work/feed" /></packageSources></configuration>
XML
  cat > "$app/App.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings>
    <TrustCheckEnabled>$2</TrustCheckEnabled>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="TrustCheck" Version="$version" PrivateAssets="all" />
    <PackageReference Include="Microsoft.ML.OnnxRuntime.Managed" Version="1.31.1" />
    <PackageReference Include="OllamaSharp" Version="5.5.2" />
    <None Include="models/relu.onnx" CopyToOutputDirectory="PreserveNewest" />
  </ItemGroup>
</Project>
XML
  echo 'Console.WriteLine(typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Name);' > "$app/Program.cs"
  (cd "$app" && dotnet build -v:q >&2)                  # restore + full build (TrustCheck runs once in the enabled app)
}
make_app "$work/with" true
make_app "$work/without" false

time_build() { # time_build DIR: prints milliseconds of one no-op build
  local start end
  start=$(date +%s%N)
  (cd "$1" && dotnet build --no-restore -v:q -nologo > "$work/last.log" 2>&1) || { cat "$work/last.log" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

# Warm-up (disk cache, first-run JIT of the SDK), not counted.
time_build "$work/with" > /dev/null; time_build "$work/without" > /dev/null

with=(); without=()
for ((i = 0; i < runs; i++)); do
  with+=("$(time_build "$work/with")")
  without+=("$(time_build "$work/without")")
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
m_with=$(median "${with[@]}"); m_without=$(median "${without[@]}")
echo "runs: $runs each (interleaved)"
echo "with TrustCheck:            median ${m_with} ms   (${with[*]})"
echo "TrustCheckEnabled=false:    median ${m_without} ms   (${without[*]})"
awk -v a="$m_with" -v b="$m_without" 'BEGIN { printf "overhead: %+.1f ms (%+.2f %%)\n", a - b, (a - b) * 100 / b }'
# The same, measured inside MSBuild: time spent in TrustCheck's targets during one more no-op build (noise-free).
echo "TrustCheck targets in a no-op build (MSBuild performance summary):"
(cd "$work/with" && dotnet build --no-restore -nologo -v:q -clp:PerformanceSummary 2>&1) | grep -E "^\s+[0-9]+ ms\s+_?TrustCheck" || true
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
