#!/usr/bin/env bash
# How much of the compile time do the TrustCheck analyzers take? (target: <= 1 %)
#
# Builds two projects with the analyzer assembly and a facts file injected (CustomAfterMicrosoftCommonTargets, so
# the projects themselves stay untouched), with the compiler's analyzer timing on (-p:ReportAnalyzer=true), and
# prints the analyzer's own time next to the whole compiler (Csc task) time:
#   1. samples/ModelApp (real ML packages, a few model API calls);
#   2. a generated project of FILES (default 600) files, one in 20 calling model APIs, referencing ONNX Runtime and
#      OllamaSharp so the analyzer is active, not bailing out.
# The shared compiler server (VBCSCompiler) is used, as in a normal `dotnet build` or the IDE: this environment sets
# UseSharedCompilation=false, which would make every csc run load and JIT the analyzer again, so the script passes
# -p:UseSharedCompilation=true. WARMUPS (default 2) builds per project, not counted, start the server and load the analyzer;
# then each build is --no-incremental and repeated RUNS times (default 5); the median is reported.
# Usage: benchmarks/analyzers/analyzer-timing.sh [work-folder]     (binlogs and logs stay there)
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$(mktemp -d -t trustcheck-analyzer-bench.XXXXXX)}
files=${FILES:-600}
runs=${RUNS:-5}
warmups=${WARMUPS:-2}
mkdir -p "$work"

dotnet build "$repo/analyzers/TrustCheck.Analyzers.CodeFixes/TrustCheck.Analyzers.CodeFixes.csproj" -c Release -nologo -v:q >/dev/null
# Both assemblies the TrustCheck package puts in analyzers/dotnet/cs, as a consumer's compiler loads them.
analyzer="$repo/analyzers/TrustCheck.Analyzers/bin/Release/netstandard2.0/TrustCheck.Analyzers.dll"
codefixes="$repo/analyzers/TrustCheck.Analyzers.CodeFixes/bin/Release/netstandard2.0/TrustCheck.Analyzers.CodeFixes.dll"

# A facts file as the MSBuild task writes it: a few declared models, a deny list, one severity override.
cat > "$work/trustcheck.facts.txt" <<FACTS
trustcheck-facts	1
project	$work/project
model	models/phi-3.onnx	locked	$(printf 'a%.0s' {1..64})	onnx	MIT			allowed		
model	models/llama.gguf	locked	$(printf 'b%.0s' {1..64})	gguf	LicenseRef-llama3.2	acceptable-use-policy,mau-threshold	open-weights	allowed	https://huggingface.co/org/llama	0123456789abcdef0123456789abcdef01234567
license-deny	LicenseRef-*-NC
FACTS

cat > "$work/inject.targets" <<TARGETS
<Project>
  <ItemGroup>
    <Analyzer Include="$analyzer" />
    <Analyzer Include="$codefixes" />
    <AdditionalFiles Include="$work/trustcheck.facts.txt" />
  </ItemGroup>
</Project>
TARGETS

generate() {
  local dir=$1
  rm -rf "$dir" && mkdir -p "$dir"
  cat > "$dir/Generated.csproj" <<'PROJ'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Library</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.ML.OnnxRuntime.Managed" Version="1.31.1" />
    <PackageReference Include="OllamaSharp" Version="5.5.2" />
  </ItemGroup>
</Project>
PROJ
  # Outside the repository's Directory.Build.props / Directory.Packages.props.
  echo '<Project />' > "$dir/Directory.Build.props"
  echo '<Project />' > "$dir/Directory.Packages.props"
  for i in $(seq 1 "$files"); do
    {
      echo "namespace Generated.Area$((i % 20));"
      echo "public sealed class Service$i"
      echo "{"
      echo "    private readonly Dictionary<string, int> _counts = new();"
      echo "    public int Sum(IEnumerable<int> values) => values.Where(v => v % 3 != 0).Select(v => v * $i).Sum();"
      echo "    public string Describe(string name, int count) => \$\"{name}: {count} items in file $i\";"
      echo "    public void Count(string word) { _counts[word] = _counts.TryGetValue(word, out var c) ? c + 1 : 1; }"
      echo "    public async Task<int> SlowAsync(HttpClient http) => (await http.GetStringAsync(\"https://example.org/api/$i\")).Length;"
      echo "    public IReadOnlyList<string> Sorted() => _counts.OrderByDescending(p => p.Value).Select(p => p.Key).ToList();"
      if (( i % 20 == 0 )); then
        echo "    public Microsoft.ML.OnnxRuntime.InferenceSession Load() => new(Path.Combine(AppContext.BaseDirectory, \"models\", \"phi-3.onnx\"));"
        echo "    public Microsoft.ML.OnnxRuntime.InferenceSession Other() => new(\"models/model-$i.pt\");"
        echo "    public OllamaSharp.OllamaApiClient Chat() => new(\"http://localhost:11434\", \"llama3.1:8b\");"
        echo "    public Task<byte[]> Fetch(HttpClient http) => http.GetByteArrayAsync(\"https://huggingface.co/org/repo/resolve/main/model-$i.onnx\");"
      fi
      echo "}"
    } > "$dir/Service$i.cs"
  done
}

# Prints "trustcheck_seconds all_analyzers_seconds csc_seconds server" for one build log.
extract() {
  local log=$1
  local analyzer_s total_s csc_ms server
  # csc -reportanalyzer, per assembly: "   0.012    <1   TrustCheck.Analyzers, Version=0.1.0.0, …" (the sum of its
  # analyzers; the per-analyzer line "TrustCheck.Analyzers.ModelCallSiteAnalyzer (TC4001, …)" follows it).
  analyzer_s=$(grep -E '^\s+[0-9.]+\s+<?[0-9]+\s+TrustCheck\.Analyzers, Version' "$log" | head -1 | awk '{print $1}')
  # "Total analyzer execution time: 1.234 seconds." (every analyzer of the build, the SDK's included)
  total_s=$(grep -E 'Total analyzer execution time: [0-9.]+' "$log" | head -1 | sed -E 's/.*time: ([0-9.]+).*/\1/')
  # -clp:PerformanceSummary: "     1234 ms  Csc                                        1 calls"
  csc_ms=$(grep -E '^\s+[0-9]+ ms\s+Csc\s' "$log" | tail -1 | awk '{print $1}')
  # "CompilerServer: server - server processed compilation - <id>" when the shared compiler ran it.
  if grep -q 'CompilerServer: server - server processed compilation' "$log"; then server=server; else server=tool; fi
  echo "${analyzer_s:-0} ${total_s:-0} $(awk -v ms="${csc_ms:-0}" 'BEGIN { printf "%.3f", ms / 1000 }') $server"
}

build() {
  local project=$1 log=$2 binlog=$3
  dotnet build "$project" -c Release --no-restore --no-incremental -nologo -nr:false -v:d \
    -p:UseSharedCompilation=true -p:ReportAnalyzer=true -p:CustomAfterMicrosoftCommonTargets="$work/inject.targets" \
    -bl:"$binlog" -clp:PerformanceSummary > "$log"
}

measure() {
  local name=$1 project=$2
  local slug=${name//\//-}
  dotnet restore "$project" -nologo -v:q >/dev/null
  # Warm-up (not counted): starts or reuses the compiler server, which loads and JITs the analyzer. Two by default:
  # the build right after the first one was sometimes still cold (analyzer ~0.3 s, Csc as slow as the first build).
  for warmup in $(seq 1 "$warmups"); do
    build "$project" "$work/$slug.warmup$warmup.log" "$work/$slug.warmup$warmup.binlog"
  done
  local results=()
  for run in $(seq 1 "$runs"); do
    build "$project" "$work/$slug.$run.log" "$work/$slug.$run.binlog"
    results+=("$(extract "$work/$slug.$run.log")")
    echo "  $name run $run: ${results[-1]}" >&2
  done
  # Median by share: each build's TrustCheck analyzer time against that same build's compiler (Csc task) time.
  printf '%s\n' "${results[@]}" | awk '{ printf "%s %s %s %s %.6f\n", $1, $2, $3, $4, ($3 > 0 ? 100 * $1 / $3 : 0) }' |
    sort -n -k5 | awk -v name="$name" -v runs="$runs" '
    { a[NR] = $1; t[NR] = $2; c[NR] = $3; v[NR] = $4; s[NR] = $5 }
    END {
      m = int((NR + 1) / 2)
      printf "%-22s TrustCheck analyzers %6.3f s   all analyzers %6.3f s   csc %7.3f s   share %5.2f %%   (median of %d, %s)\n", name, a[m], t[m], c[m], s[m], runs, v[m]
    }'
}

measure "samples/ModelApp" "$repo/samples/ModelApp/ModelApp.csproj"
generate "$work/project"
measure "generated-$files-files" "$work/project/Generated.csproj"
echo "logs and binlogs: $work"
