using BenchmarkDotNet.Attributes;
using TrustCheck.Core.Licensing;
using TrustCheck.Core.Policy;

namespace TrustCheck.Benchmarks;

/// <summary>
/// Per-call cost of the licensing look-ups the CLI makes for every package (text identification dominates).
/// Inputs are real license texts from the shared corpus (../shared/corpus beside the repository).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class LicensingBenchmarks
{
    private string _mit = string.Empty;
    private string _apache = string.Empty;
    private string _gpl3 = string.Empty;
    private string _unknown = string.Empty;
    private readonly LicensePolicy _policy = new()
    {
        Allow = ["MIT", "Apache-2.0", "BSD-3-Clause", "LicenseRef-*"],
        Deny = ["AGPL-3.0-only", "LicenseRef-*-NC"],
    };

    [GlobalSetup]
    public void Setup()
    {
        var repo = RepoPaths.Root;
        var corpus = Path.Combine(repo, "..", "shared", "corpus");
        _mit = File.ReadAllText(Path.Combine(corpus, "picklescan", "LICENSE"));
        _apache = File.ReadAllText(Path.Combine(corpus, "modelscan", "LICENSE"));
        _unknown = File.ReadAllText(Path.Combine(corpus, "schemas", "LICENSE.SARIF"));
        _gpl3 = File.ReadAllText(Path.Combine(repo, "src", "TrustCheck.Core", "Data", "licenses", "GPL-3.0-only.txt"));

        // Build the template index once, as the first call in a process does.
        LicenseTextIdentifier.Identify(_mit);
    }

    [Benchmark(Description = "Identify MIT (1 KB)")]
    public LicenseTextMatch? IdentifyMit() => LicenseTextIdentifier.Identify(_mit);

    [Benchmark(Description = "Identify Apache-2.0 (11 KB)")]
    public LicenseTextMatch? IdentifyApache() => LicenseTextIdentifier.Identify(_apache);

    [Benchmark(Description = "Identify GPL-3.0 (35 KB, largest)")]
    public LicenseTextMatch? IdentifyGpl3() => LicenseTextIdentifier.Identify(_gpl3);

    [Benchmark(Description = "Identify unknown text (OASIS)")]
    public LicenseTextMatch? IdentifyUnknown() => LicenseTextIdentifier.Identify(_unknown);

    [Benchmark(Description = "Build all 18 template shingle sets (at most once per process)")]
    public object BuildTemplateIndex() => LicenseTemplateIndex.Load().Warm();

    [Benchmark(Description = "Evaluate '(MIT OR GPL-3.0-only) AND Apache-2.0'")]
    public LicenseEvaluation Evaluate() => LicensePolicyEvaluator.Evaluate("(MIT OR GPL-3.0-only) AND Apache-2.0", _policy);

    [Benchmark(Description = "Map license URL")]
    public string? MapUrl() => LicenseUrlMapper.TryMap("https://www.apache.org/licenses/LICENSE-2.0.html");

    [Benchmark(Description = "Find license by model name")]
    public AiLicense? FindByModelName() => AiLicenseCatalog.FindByModelName("meta-llama/Llama-3.1-8B-Instruct");
}
