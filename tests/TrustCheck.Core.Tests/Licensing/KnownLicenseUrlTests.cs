using System.Text.Json;
using NuGet.Versioning;
using TrustCheck.Core.Inventory;
using TrustCheck.Core.Licensing;
using TrustCheck.Core.Policy;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;
using TrustCheck.Tests;
using static TrustCheck.Core.Tests.Licensing.LegacyLicenseProject;

namespace TrustCheck.Core.Tests.Licensing;

/// <summary>Old licenseUrls of real packages (Data/known-license-urls.json) and license files the nuspec does not name.</summary>
[Collection(LegacyLicenseProjectCollection.Name)]
public class KnownLicenseUrlTests(LegacyLicenseProject project)
{
    private PackageFacts Read(string id, string version) =>
        PackageFolderReader.Read(project.InstallPath(id, version), id, NuGetVersion.Parse(version));

    private static PackageFacts ReadCopy(string projectPath, string id, string version)
    {
        var packages = Path.Combine(Path.GetDirectoryName(projectPath)!, "packages");
        return PackageFolderReader.Read(Path.Combine(packages, id.ToLowerInvariant(), version), id, NuGetVersion.Parse(version));
    }

    [Fact]
    public void Corefx_license_url_of_a_System_4x_package_is_MIT_and_its_root_license_text_agrees()
    {
        var facts = Read(ProtectedData, "4.5.0");

        Assert.Equal("https://github.com/dotnet/corefx/blob/master/LICENSE.TXT", facts.License.Url);
        Assert.Equal("url", facts.License.Kind); // the declared URL decides, not the file beside it
        Assert.Equal("MIT", facts.License.Expression);
        var shipped = File.ReadAllText(Path.Combine(project.InstallPath(ProtectedData, "4.5.0"), "LICENSE.TXT"));
        Assert.Equal("MIT", LicenseTextIdentifier.Identify(shipped)?.SpdxId);
    }

    [Fact]
    public void SkiaSharp_fwlink_is_MIT_and_its_root_license_text_agrees()
    {
        var facts = Read(Skia, "2.88.6");

        Assert.Equal("https://go.microsoft.com/fwlink/?linkid=868514", facts.License.Url);
        Assert.Equal("MIT", facts.License.Expression);
        var shipped = File.ReadAllText(Path.Combine(project.InstallPath(Skia, "2.88.6"), "LICENSE.txt"));
        Assert.Equal("MIT", LicenseTextIdentifier.Identify(shipped)?.SpdxId);
    }

    [Fact]
    public void Net_library_fwlink_is_a_proprietary_LicenseRef_the_policy_can_allow_or_deny()
    {
        var facts = Read(Platforms, "1.1.0");

        Assert.Equal("http://go.microsoft.com/fwlink/?LinkId=329770", facts.License.Url);
        Assert.Equal("LicenseRef-MS-NET-Library", facts.License.Expression);
        Assert.Contains("MICROSOFT .NET LIBRARY", File.ReadAllText(Path.Combine(project.InstallPath(Platforms, "1.1.0"), "dotnet_library_license.txt")));
        Assert.False(Assert.Single(SpdxLicenseFacts.Review(facts.License.Expression!)).IsOsiApproved);

        var deny = new LicensePolicy { Deny = ["LicenseRef-MS-NET-Library"] };
        var allow = new LicensePolicy { Allow = ["MIT", "LicenseRef-MS-NET-Library"] };
        var openSourceOnly = new LicensePolicy { Allow = ["MIT", "Apache-2.0"] };
        Assert.Equal(LicenseDecision.Denied, LicensePolicyEvaluator.Evaluate(facts.License.Expression, deny).Decision);
        Assert.Equal(LicenseDecision.Allowed, LicensePolicyEvaluator.Evaluate(facts.License.Expression, allow).Decision);
        Assert.Equal(LicenseDecision.NotAllowed, LicensePolicyEvaluator.Evaluate(facts.License.Expression, openSourceOnly).Decision);
    }

    [Theory]
    [InlineData("https://go.microsoft.com/fwlink/?LinkId=868514", "MIT")]
    [InlineData("HTTP://GO.MICROSOFT.COM/FWLINK/?LINKID=329770", "LicenseRef-MS-NET-Library")]
    [InlineData("go.microsoft.com/fwlink/?linkid=329770", "LicenseRef-MS-NET-Library")]
    [InlineData("https://www.github.com/dotnet/corefx/blob/master/LICENSE.TXT", "MIT")]
    // Never from the host alone: another fwlink, extra query parameters, another branch or file of the same repository.
    [InlineData("https://go.microsoft.com/fwlink/?linkid=868515", null)]
    [InlineData("https://go.microsoft.com/fwlink/", null)]
    [InlineData("https://go.microsoft.com/fwlink/?linkid=868514&clcid=0x409", null)]
    [InlineData("https://go.microsoft.com/?linkid=868514", null)]
    [InlineData("https://github.com/dotnet/corefx/blob/master/README.md", null)]
    [InlineData("https://github.com/dotnet/corefx/blob/master/LICENSE", null)]
    public void Known_urls_match_exactly(string url, string? expected) =>
        Assert.Equal(expected, LicenseUrlMapper.TryMap(url));

    [Fact]
    public void Every_known_url_names_its_evidence_and_a_valid_license()
    {
        using var data = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src", "TrustCheck.Core", "Data", "known-license-urls.json")));
        var entries = data.RootElement.GetProperty("urls").EnumerateArray().ToList();

        Assert.NotEmpty(entries);
        Assert.Equal(entries.Count, KnownLicenseUrls.All.Count);
        foreach (var entry in KnownLicenseUrls.All)
        {
            Assert.True(entry.Evidence.Length > 60, $"{entry.Url}: the evidence should say what the URL serves and which package gives it");
            Assert.Equal(entry.License, LicenseUrlMapper.TryMap("https://" + entry.Url));
        }
    }

    [Fact]
    public void Undeclared_root_license_file_is_identified_and_reported_as_undeclared()
    {
        // The real package with its licenseUrl removed: nothing declared, its LICENSE.TXT in the root.
        var copy = project.CopyWithEditedPackages(packages => EditNuspec(packages, ProtectedData, "4.5.0", RemoveLicenseUrl));

        var facts = ReadCopy(copy, ProtectedData, "4.5.0");

        Assert.Equal(PackageFolderReader.UndeclaredFileKind, facts.License.Kind);
        Assert.Equal("MIT", facts.License.Expression);
        Assert.Equal("license-text:LICENSE.TXT", facts.License.Source);
        Assert.Null(facts.License.Url);
    }

    [Fact]
    public void Unknown_license_url_falls_back_to_the_root_license_file_and_keeps_the_url()
    {
        var copy = project.CopyWithEditedPackages(packages => EditNuspec(packages, Skia, "2.88.6",
            nuspec => nuspec.Replace("https://go.microsoft.com/fwlink/?linkid=868514", "https://example.net/skia-terms", StringComparison.Ordinal)));

        var facts = ReadCopy(copy, Skia, "2.88.6");

        Assert.Equal(PackageFolderReader.UndeclaredFileKind, facts.License.Kind);
        Assert.Equal("MIT", facts.License.Expression);
        Assert.Equal("https://example.net/skia-terms", facts.License.Url);
    }

    [Fact]
    public void Undeclared_license_file_is_named_in_the_finding_when_policy_denies_it()
    {
        var copy = project.CopyWithEditedPackages(packages => EditNuspec(packages, ProtectedData, "4.5.0", RemoveLicenseUrl));

        var report = Check(copy, """{ "licenses": { "deny": ["MIT"] } }""");

        var finding = Assert.Single(report.Findings, f => f.RuleId == RuleIds.PackageLicenseDenied && f.Subject == ProtectedData + "@4.5.0");
        Assert.Contains("license file 'LICENSE.TXT' in the package root", finding.Message);
        Assert.Contains("not the author's declaration", finding.Message);
    }

    [Fact]
    public void Unidentified_undeclared_file_leaves_the_license_unknown_and_the_finding_names_the_file()
    {
        var copy = project.CopyWithEditedPackages(packages =>
        {
            EditNuspec(packages, ProtectedData, "4.5.0", RemoveLicenseUrl);
            File.WriteAllText(Path.Combine(packages, ProtectedData.ToLowerInvariant(), "4.5.0", "LICENSE.TXT"),
                "ACME SOFTWARE TERMS. You may use this library only on machines owned by ACME customers. No redistribution.");
        });

        var report = Check(copy, null);

        var package = Assert.Single(report.Packages, p => p.Id == ProtectedData);
        Assert.Null(package.License.Expression);
        Assert.Equal("none", package.License.Kind);
        var finding = Assert.Single(report.Findings, f => f.RuleId == RuleIds.PackageLicenseUnknown && f.Subject == ProtectedData + "@4.5.0");
        Assert.Contains("'LICENSE.TXT'", finding.Message);
    }

    private static Report Check(string projectPath, string? policy)
    {
        var folder = TestPaths.NewTempDirectory("trustcheck-inputs");
        var options = new CheckOptions
        {
            ProjectPath = projectPath,
            LockFilePath = Path.Combine(folder, "trustcheck.lock.json"),
            WorkingDirectory = Path.GetDirectoryName(projectPath)!,
        };
        if (policy is not null)
        {
            options.PolicyPath = Path.Combine(folder, "trustcheck.json");
            File.WriteAllText(options.PolicyPath, policy);
        }

        return TrustCheckEngine.Check(options);
    }

    private static string RemoveLicenseUrl(string nuspec) =>
        System.Text.RegularExpressions.Regex.Replace(nuspec, "<licenseUrl>[^<]*</licenseUrl>", "");

    private static void EditNuspec(string packages, string id, string version, Func<string, string> edit)
    {
        var path = Path.Combine(packages, id.ToLowerInvariant(), version, id.ToLowerInvariant() + ".nuspec");
        var original = File.ReadAllText(path);
        var edited = edit(original);
        Assert.NotEqual(original, edited);
        File.WriteAllText(path, edited);
    }
}
