using TrustCheck.Tests;
using TrustCheck.Core.Inventory;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Inventory;

[Collection(RestoredProjectCollection.Name)]
public class PackageCheckTests(RestoredProject project)
{
    private const string CommandLine = "System.CommandLine@2.0.0";
    private const string Onnx = "Microsoft.ML.OnnxRuntime.Managed@1.31.1";
    private const string Ollama = "OllamaSharp@5.5.2";

    private Report Check(string? policy = null, TrustCheckLock? lockFile = null, string? projectPath = null)
    {
        var folder = TestPaths.NewTempDirectory("trustcheck-inputs");
        var options = new CheckOptions
        {
            ProjectPath = projectPath ?? project.ProjectPath,
            LockFilePath = Path.Combine(folder, TrustCheckLock.FileName),
            WorkingDirectory = project.Directory,
        };
        if (policy is not null)
        {
            options.PolicyPath = Path.Combine(folder, "trustcheck.json");
            File.WriteAllText(options.PolicyPath, policy);
        }

        if (lockFile is not null)
        {
            LockFileStore.Write(options.LockFilePath, lockFile);
        }

        return TrustCheckEngine.Check(options);
    }

    private static IEnumerable<ReportFinding> Findings(Report report, string ruleId, string subject) =>
        report.Findings.Where(f => f.RuleId == ruleId && f.Subject == subject);

    [Fact]
    public void Every_resolved_package_is_reported_with_its_facts()
    {
        var report = Check();

        var onnx = Assert.Single(report.Packages, p => p.Id == "Microsoft.ML.OnnxRuntime.Managed");
        Assert.True(onnx.Direct);
        Assert.True(onnx.Ml);
        Assert.Equal(["net10.0"], onnx.TargetFrameworks);
        Assert.NotNull(onnx.ContentHash);
        var commandLine = Assert.Single(report.Packages, p => p.Id == "System.CommandLine");
        Assert.False(commandLine.Ml);
        Assert.Equal("MIT", commandLine.License.Expression);
        Assert.Equal(ProjectAssetsReader.Read(project.AssetsPath).Packages.Count, report.Packages.Count);
    }

    [Fact]
    public void Repository_signed_package_is_not_reported_as_unsigned()
    {
        var report = Check();

        Assert.Empty(Findings(report, RuleIds.PackageUnsigned, Ollama));
    }

    [Fact]
    public void Package_without_any_license_is_TC1002_at_the_policy_severity()
    {
        var projectPath = project.CopyWithEditedPackages(packages =>
        {
            var nuspec = Path.Combine(packages, "system.commandline", "2.0.0", "system.commandline.nuspec");
            var text = File.ReadAllText(nuspec);
            text = System.Text.RegularExpressions.Regex.Replace(text, "<license[^>]*>[^<]*</license>|<licenseUrl>[^<]*</licenseUrl>", "");
            File.WriteAllText(nuspec, text);
        });

        var asWarning = Check(projectPath: projectPath);
        var asError = Check("""{ "licenses": { "unknown": "error" } }""", projectPath: projectPath);

        var finding = Assert.Single(Findings(asWarning, RuleIds.PackageLicenseUnknown, CommandLine));
        Assert.Equal("warning", finding.Severity);
        Assert.Contains("declares no license at all", finding.Message);
        Assert.Equal("none", asWarning.Packages.Single(p => p.Id == "System.CommandLine").License.Kind);
        Assert.Equal("error", Assert.Single(Findings(asError, RuleIds.PackageLicenseUnknown, CommandLine)).Severity);
        Assert.Empty(Findings(asError, RuleIds.PackageLicenseUnknown, Ollama));
    }

    [Fact]
    public void Package_missing_from_every_package_folder_is_TC9003_and_the_rest_still_runs()
    {
        var projectPath = project.CopyWithEditedPackages(packages => Directory.Delete(Path.Combine(packages, "ollamasharp"), recursive: true));

        var report = Check(projectPath: projectPath);

        Assert.Contains("not in any package folder", Assert.Single(Findings(report, RuleIds.RestoreOutputMissing, Ollama)).Message);
        Assert.Equal("MIT", report.Packages.Single(p => p.Id == "System.CommandLine").License.Expression);
    }

    [Fact]
    public void Override_with_reason_sets_the_license_and_kind_override()
    {
        var report = Check("""
            { "packages": { "overrides": { "Microsoft.ML.OnnxRuntime.Managed@[1.0,2.0)": { "license": "MIT", "reason": "LICENSE.txt reviewed" } } } }
            """);

        var onnx = Assert.Single(report.Packages, p => p.Id == "Microsoft.ML.OnnxRuntime.Managed");
        Assert.Equal("override", onnx.License.Kind);
        Assert.Equal("MIT", onnx.License.Expression);
        Assert.Empty(Findings(report, RuleIds.PackageLicenseUnknown, Onnx));
    }

    [Fact]
    public void Override_for_another_version_does_not_apply()
    {
        var report = Check("""
            { "licenses": { "unknown": "error" }, "packages": { "overrides": { "System.CommandLine@1.0.0": { "license": "GPL-3.0-only", "reason": "old" } } } }
            """);

        Assert.Equal("expression", Assert.Single(report.Packages, p => p.Id == "System.CommandLine").License.Kind);
    }

    [Fact]
    public void Denied_license_is_TC1001_unless_overridden()
    {
        var denied = Check("""{ "licenses": { "deny": ["MIT"] } }""");
        var accepted = Check("""{ "licenses": { "deny": ["MIT"] }, "packages": { "overrides": { "System.CommandLine": { "reason": "approved by legal" } } } }""");

        Assert.Equal("error", Assert.Single(Findings(denied, RuleIds.PackageLicenseDenied, CommandLine)).Severity);
        Assert.Empty(Findings(accepted, RuleIds.PackageLicenseDenied, CommandLine));
    }

    [Fact]
    public void Non_osi_license_override_is_TC1003()
    {
        var report = Check("""
            { "packages": { "overrides": { "System.CommandLine": { "license": "CC-BY-NC-4.0", "reason": "test" } } } }
            """);

        var finding = Assert.Single(Findings(report, RuleIds.PackageLicenseNotOsiOrDeprecated, CommandLine));
        Assert.Contains("CC-BY-NC-4.0", finding.Message);
        Assert.Empty(Findings(report, RuleIds.PackageLicenseNotOsiOrDeprecated, Ollama));
    }

    [Fact]
    public void License_change_against_the_lock_is_TC1004()
    {
        var lockFile = new TrustCheckLock
        {
            Packages = [new LockedPackage { Id = "System.CommandLine", Version = "1.0.0", License = "Apache-2.0", LicenseKind = "expression" }],
        };

        var report = Check(lockFile: lockFile);

        var finding = Assert.Single(Findings(report, RuleIds.PackageLicenseChanged, CommandLine));
        Assert.Contains("Apache-2.0", finding.Message);
        Assert.Contains("MIT", finding.Message);
    }

    [Fact]
    public void Same_license_as_the_lock_is_not_TC1004()
    {
        var report = Check(lockFile: new TrustCheckLock
        {
            Packages = [new LockedPackage { Id = "System.CommandLine", Version = "2.0.0", License = "MIT", LicenseKind = "expression" }],
        });

        Assert.Empty(Findings(report, RuleIds.PackageLicenseChanged, CommandLine));
    }

    [Fact]
    public void Content_hash_differing_from_the_lock_is_TC2005()
    {
        var actual = Check().Packages.Single(p => p.Id == "System.CommandLine").ContentHash!;
        var report = Check(lockFile: new TrustCheckLock
        {
            Packages = [new LockedPackage { Id = "System.CommandLine", Version = "2.0.0", License = "MIT", ContentHash = "sha512-not-the-real-hash" }],
        });

        var finding = Assert.Single(Findings(report, RuleIds.PackageContentHashMismatch, CommandLine));
        Assert.Equal("error", finding.Severity);
        Assert.Equal(actual, finding.Data!["actual"]);
    }

    [Fact]
    public void Lock_written_from_a_check_round_trips_without_findings()
    {
        var folder = TestPaths.NewTempDirectory("trustcheck-lock");
        var options = new CheckOptions { ProjectPath = project.ProjectPath, LockFilePath = Path.Combine(folder, TrustCheckLock.FileName) };
        TrustCheckEngine.Lock(options);

        var report = TrustCheckEngine.Check(options);

        Assert.DoesNotContain(report.Findings, f => f.RuleId is RuleIds.PackageLicenseChanged or RuleIds.PackageContentHashMismatch);
        Assert.Equal(report.Packages.Count, LockFileStore.Read(options.LockFilePath).Lock!.Packages.Count);
    }

    [Fact]
    public void Source_outside_trustedSources_is_TC2003()
    {
        var untrusted = Check("""{ "packages": { "trustedSources": ["https://pkgs.example.org/v3/index.json"] } }""");
        var source = untrusted.Packages.Single(p => p.Id == "System.CommandLine").Source!;
        var trusted = Check($$"""{ "packages": { "trustedSources": ["{{source}}/"] } }""");

        Assert.Equal("error", Assert.Single(Findings(untrusted, RuleIds.PackageSourceUntrusted, CommandLine)).Severity);
        Assert.Empty(Findings(trusted, RuleIds.PackageSourceUntrusted, CommandLine));
    }

    [Fact]
    public void Signer_outside_trustedSigners_is_TC2002_and_a_listed_fingerprint_passes()
    {
        var facts = Check().Packages.Single(p => p.Id == "OllamaSharp").Signature;
        var report = Check($$"""{ "packages": { "trustedSigners": ["{{facts.RepositoryFingerprint}}"] } }""");

        Assert.Empty(Findings(report, RuleIds.PackageSignerUntrusted, Ollama));
        var otherRepository = Check("""{ "packages": { "trustedSigners": ["0000000000000000000000000000000000000000000000000000000000000000"] } }""");
        Assert.Single(Findings(otherRepository, RuleIds.PackageSignerUntrusted, Ollama));
    }

    [Fact]
    public void Rule_turned_off_in_policy_is_not_reported()
    {
        var report = Check("""{ "rules": { "TC1002": "none", "TC2004": "none" } }""");

        Assert.DoesNotContain(report.Findings, f => f.RuleId is RuleIds.PackageLicenseUnknown or RuleIds.PackageNoRepository);
    }

    [Fact]
    public void Missing_assets_file_is_TC9003()
    {
        var folder = TestPaths.NewTempDirectory("trustcheck-unrestored");
        var csproj = Path.Combine(folder, "App.csproj");
        File.WriteAllText(csproj, "<Project Sdk=\"Microsoft.NET.Sdk\" />");

        var report = TrustCheckEngine.Check(new CheckOptions { ProjectPath = csproj });

        var finding = Assert.Single(report.Findings, f => f.RuleId == RuleIds.RestoreOutputMissing);
        Assert.Contains("dotnet restore", finding.Message);
        Assert.Empty(report.Packages);
    }

    [Fact]
    public void Corrupt_assets_file_is_TC9003_not_a_crash()
    {
        var folder = TestPaths.NewTempDirectory("trustcheck-corrupt");
        var csproj = Path.Combine(folder, "App.csproj");
        File.WriteAllText(csproj, "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        Directory.CreateDirectory(Path.Combine(folder, "obj"));
        var assets = File.ReadAllText(project.AssetsPath);
        File.WriteAllText(Path.Combine(folder, "obj", "project.assets.json"), assets[..(assets.Length / 3)]);

        var report = TrustCheckEngine.Check(new CheckOptions { ProjectPath = csproj });

        Assert.Contains(report.Findings, f => f.RuleId == RuleIds.RestoreOutputMissing && f.Message.Contains("could not be read"));
        Assert.DoesNotContain(report.Findings, f => f.RuleId == RuleIds.InternalError);
    }
}
