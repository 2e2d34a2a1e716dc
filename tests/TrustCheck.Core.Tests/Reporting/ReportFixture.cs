using TrustCheck.Core.Reporting;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Reporting;

/// <summary>A report with every kind of entry the writers must handle: package and model findings, licenses of each kind.</summary>
internal static class ReportFixture
{
    public static Report Create()
    {
        var findings = new[]
        {
            new Finding(RuleIds.ModelUnsafePickle, RuleSeverity.Error, "models/evil.pt imports os.system", "models/evil.pt",
                new FindingLocation("models/evil.pt"), new Dictionary<string, string> { ["global"] = "os.system" }),
            new Finding(RuleIds.PackageLicenseUnknown, RuleSeverity.Warning, "Legacy.Pkg@1.0.0 declares only a licenseUrl | see it", "Legacy.Pkg@1.0.0",
                new FindingLocation("/abs/path/App.csproj", 3)),
            new Finding(RuleIds.PackageNoRepository, RuleSeverity.Info, "no repository", "Legacy.Pkg@1.0.0"),
        };
        var packages = new[]
        {
            new PackageReport
            {
                Id = "Microsoft.ML.OnnxRuntime.Managed", Version = "1.31.1", Direct = true, Ml = true,
                License = new LicenseReport { Expression = "MIT", Kind = "file", Source = "license-text" },
                Repository = new RepositoryReport { Type = "git", Url = "https://github.com/microsoft/onnxruntime", Commit = "abc" },
                Signature = new SignatureReport { Author = true, Repository = true },
                ContentHash = Convert.ToBase64String(new byte[64]),
                Source = "https://api.nuget.org/v3/index.json",
            },
            new PackageReport { Id = "Legacy.Pkg", Version = "1.0.0", License = new LicenseReport { Kind = "url", Url = "https://example.org/eula" } },
            new PackageReport { Id = "Dual.Pkg", Version = "2.0.0", License = new LicenseReport { Expression = "MIT OR Apache-2.0", Kind = "expression" } },
        };
        var models = new[]
        {
            new ModelReport
            {
                Path = "models/phi.gguf", Format = "gguf", Size = 123, Sha256 = new string('a', 64),
                License = new LicenseReport { Expression = "LicenseRef-llama3.1", Kind = "metadata", Source = "gguf:general.license" },
                Openness = new OpennessReport { Class = "open-weights", Restrictions = { "acceptable-use-policy" } },
                Provenance = new ModelProvenanceReport { Locked = true, Source = "https://huggingface.co/org/repo/resolve/0123456789abcdef0123456789abcdef01234567/phi.gguf" },
            },
            new ModelReport { Path = "models/evil.pt", Format = "pytorch", Size = 10 },
        };
        return ReportBuilder.Build(findings, packages, models);
    }
}
