using System.Net;
using System.Text.Json;
using TrustCheck.Core.Reporting;
using TrustCheck.Core.Tests.Inventory;
using TrustCheck.Rules;
using TrustCheck.Tests;
using TrustCheck.Tests.Online;

namespace TrustCheck.Core.Tests.Online;

/// <summary>
/// Online checks of the restored test project against a loopback v3 feed (no external network): System.CommandLine 2.0.0
/// deprecated, its 3.0.0 licensed AGPL by a license file inside the package; OllamaSharp 5.5.2 vulnerable, its 6.0.0
/// BUSL-1.1 by expression; Microsoft.ML.OnnxRuntime.Managed 1.31.1 clean, with owners and a verified prefix.
/// </summary>
[Collection(RestoredProjectCollection.Name)]
public sealed class OnlinePackageCheckTests(RestoredProject restored) : IDisposable
{
    private const string CommandLine = "System.CommandLine@2.0.0";
    private const string Ollama = "OllamaSharp@5.5.2";
    private const string Onnx = "Microsoft.ML.OnnxRuntime.Managed@1.31.1";
    private const string Advisory1 = "https://github.com/advisories/GHSA-aaaa-bbbb-cccc";
    private const string Advisory2 = "https://github.com/advisories/GHSA-dddd-eeee-ffff";

    private readonly LoopbackNuGetFeed _feed = new(FeedPackages(), new Dictionary<string, (string[], bool)>
    {
        ["Microsoft.ML.OnnxRuntime.Managed"] = (["Microsoft", "onnxruntime"], true),
        ["OllamaSharp"] = (["awaescher"], false),
    });

    private static IEnumerable<FeedPackage> FeedPackages() =>
    [
        new()
        {
            Id = "System.CommandLine", Version = "2.0.0", LicenseExpression = "MIT",
            DeprecationReasons = ["Legacy", "CriticalBugs"], DeprecationMessage = "Superseded by System.CommandLine.Next.",
            AlternatePackageId = "System.CommandLine.Next", AlternatePackageRange = "[3.0.0, )",
        },
        new()
        {
            Id = "System.CommandLine", Version = "3.0.0",
            Nupkg = LoopbackNuGetFeed.NupkgWithLicenseFile("System.CommandLine", "3.0.0",
                File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src", "TrustCheck.Core", "Data", "licenses", "AGPL-3.0-only.txt"))),
        },
        new() { Id = "System.CommandLine", Version = "4.0.0-preview.1", LicenseExpression = "Apache-2.0" },
        new() { Id = "OllamaSharp", Version = "5.5.2", Vulnerabilities = [(2, Advisory1), (3, Advisory2)] },
        new() { Id = "OllamaSharp", Version = "6.0.0", LicenseExpression = "BUSL-1.1" },
        new() { Id = "OllamaSharp", Version = "7.0.0", LicenseExpression = "Proprietary", Listed = false },
        new() { Id = "Microsoft.ML.OnnxRuntime.Managed", Version = "1.31.1", LicenseExpression = "MIT" },
    ];

    public void Dispose() => _feed.Dispose();

    private static List<ReportFinding> Findings(Report report, string ruleId, string? subject = null) =>
        report.Findings.Where(f => f.RuleId == ruleId && (subject is null || f.Subject == subject)).ToList();

    [Fact]
    public void Deprecated_package_is_a_TC2006_warning_with_reasons_message_and_alternative()
    {
        var report = new OnlineTestProject(restored, _feed.ServiceIndexUrl).Check();

        var finding = Assert.Single(Findings(report, RuleIds.PackageDeprecatedOrVulnerable, CommandLine));
        Assert.Equal("warning", finding.Severity);
        Assert.Contains("deprecated", finding.Message);
        Assert.Contains("Legacy, CriticalBugs", finding.Message);
        Assert.Contains("Superseded by System.CommandLine.Next.", finding.Message);
        Assert.Contains("System.CommandLine.Next@[3.0.0, )", finding.Message);
        Assert.Equal("deprecated", finding.Data!["kind"]);
        Assert.Equal("System.CommandLine.Next@[3.0.0, )", finding.Data["alternatePackage"]);
        Assert.False(report.HasErrors);
    }

    [Fact]
    public void Vulnerable_version_is_a_TC2006_warning_with_severities_and_advisory_urls()
    {
        var report = new OnlineTestProject(restored, _feed.ServiceIndexUrl).Check();

        var finding = Assert.Single(Findings(report, RuleIds.PackageDeprecatedOrVulnerable, Ollama));
        Assert.Equal("warning", finding.Severity);
        Assert.Contains("2 known vulnerabilities", finding.Message);
        Assert.Contains($"critical: {Advisory2}", finding.Message);
        Assert.Contains($"high: {Advisory1}", finding.Message);
        Assert.Equal("critical", finding.Data!["severity"]);
        var online = report.Packages.Single(p => p.Id == "OllamaSharp").Online!;
        Assert.Equal(["critical", "high"], online.Vulnerabilities!.Select(v => v.Severity));
    }

    [Fact]
    public void Latest_stable_version_with_another_license_expression_is_TC1005_info()
    {
        var report = new OnlineTestProject(restored, _feed.ServiceIndexUrl).Check();

        var current = report.Packages.Single(p => p.Id == "OllamaSharp").License.Expression;
        Assert.NotNull(current);
        var finding = Assert.Single(Findings(report, RuleIds.PackageUpgradeChangesLicense, Ollama));
        Assert.Equal("info", finding.Severity);
        // 7.0.0 is unlisted: the latest listed stable version is the one users would upgrade to.
        Assert.Equal($"Upgrading OllamaSharp from 5.5.2 to 6.0.0 changes its license from {current} to BUSL-1.1. Review BUSL-1.1 before upgrading; pin the version or allow the new license in trustcheck.json.", finding.Message);
    }

    [Fact]
    public void Latest_version_license_file_is_identified_from_the_package_content()
    {
        var report = new OnlineTestProject(restored, _feed.ServiceIndexUrl).Check();

        var online = report.Packages.Single(p => p.Id == "System.CommandLine").Online!;
        Assert.Equal("3.0.0", online.LatestVersion); // the preview is not what a stable upgrade gets
        Assert.Equal("AGPL-3.0-only", online.LatestLicense);
        var finding = Assert.Single(Findings(report, RuleIds.PackageUpgradeChangesLicense, CommandLine));
        Assert.Contains("from MIT to AGPL-3.0-only", finding.Message);
        Assert.Contains(_feed.Requests, r => r.EndsWith("/system.commandline.3.0.0.nupkg", StringComparison.Ordinal));
        Assert.All(_feed.NupkgResponses, r => Assert.Equal(206, r.Status));
    }

    [Fact]
    public void Latest_license_file_is_read_by_range_requests_never_the_whole_package()
    {
        var nupkgLength = FeedPackages().Single(p => p.Version == "3.0.0").Nupkg!.Length;

        new OnlineTestProject(restored, _feed.ServiceIndexUrl).Check();

        var responses = _feed.NupkgResponses;
        Assert.NotEmpty(responses);
        Assert.All(responses, r =>
        {
            Assert.NotNull(r.Range);
            Assert.Equal(206, r.Status);
            Assert.True(r.Bytes < nupkgLength, $"{r.Path} ({r.Range}) sent {r.Bytes} of {nupkgLength} bytes");
        });
        // The tail (directory) and the license entry; the library entry after the license is never sent.
        Assert.InRange(responses.Count, 1, 3);
        Assert.True(responses.Sum(r => r.Bytes) < nupkgLength - LoopbackNuGetFeed.FillerBytes / 2,
            $"{responses.Sum(r => r.Bytes)} bytes of a {nupkgLength}-byte package were sent");
    }

    [Fact]
    public void Central_directory_larger_than_the_first_range_is_read_with_one_more_range()
    {
        var agpl = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src", "TrustCheck.Core", "Data", "licenses", "AGPL-3.0-only.txt"));
        using var feed = new LoopbackNuGetFeed(
        [
            new FeedPackage { Id = "System.CommandLine", Version = "2.0.0", LicenseExpression = "MIT" },
            new FeedPackage { Id = "System.CommandLine", Version = "3.0.0", Nupkg = LoopbackNuGetFeed.NupkgWithLicenseFile("System.CommandLine", "3.0.0", agpl, extraFiles: 2000) },
        ]);

        var report = new OnlineTestProject(restored, feed.ServiceIndexUrl).Check();

        Assert.Equal("AGPL-3.0-only", report.Packages.Single(p => p.Id == "System.CommandLine").Online!.LatestLicense);
        // The tail, the rest of the directory, the license entry.
        Assert.Equal([206, 206, 206], feed.NupkgResponses.Select(r => r.Status));
    }

    [Fact]
    public void Failing_package_download_leaves_the_license_file_unread_without_failing_the_check()
    {
        using var feed = new LoopbackNuGetFeed(FeedPackages()) { FailPathsContaining = ".nupkg", FailPathStatus = HttpStatusCode.ServiceUnavailable };

        var report = new OnlineTestProject(restored, feed.ServiceIndexUrl).Check();

        var online = report.Packages.Single(p => p.Id == "System.CommandLine").Online!;
        Assert.Null(online.LatestLicense);
        Assert.Equal("LICENSE.txt", online.LatestLicenseFile);
        Assert.Contains("to a license file (LICENSE.txt) that was not downloaded", Assert.Single(Findings(report, RuleIds.PackageUpgradeChangesLicense, CommandLine)).Message);
        Assert.Equal("BUSL-1.1", report.Packages.Single(p => p.Id == "OllamaSharp").Online!.LatestLicense); // the rest of the answer stands
    }

    [Fact]
    public void Server_ignoring_Range_leaves_the_license_file_unread_and_TC1005_asks_to_review_it()
    {
        using var feed = new LoopbackNuGetFeed(FeedPackages()) { IgnoresRange = true };

        var report = new OnlineTestProject(restored, feed.ServiceIndexUrl).Check();

        var online = report.Packages.Single(p => p.Id == "System.CommandLine").Online!;
        Assert.Equal("3.0.0", online.LatestVersion);
        Assert.Null(online.LatestLicense);
        Assert.Equal("LICENSE.txt", online.LatestLicenseFile);
        var finding = Assert.Single(Findings(report, RuleIds.PackageUpgradeChangesLicense, CommandLine));
        Assert.Equal("Upgrading System.CommandLine from 2.0.0 to 3.0.0 changes its license from MIT to a license file (LICENSE.txt) that was not downloaded. "
            + "Review LICENSE.txt in the 3.0.0 package before upgrading; pin the version or allow the new license in trustcheck.json.", finding.Message);
        Assert.Equal("LICENSE.txt", finding.Data!["latestLicenseFile"]);
        // One request answered with the whole package, which was not read on: no second try, no other ranges.
        var response = Assert.Single(feed.NupkgResponses);
        Assert.Equal(200, response.Status);
        using var json = JsonDocument.Parse(ReportJson.Serialize(report));
        var commandLine = json.RootElement.GetProperty("packages").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "System.CommandLine");
        Assert.Equal("LICENSE.txt", commandLine.GetProperty("online").GetProperty("latestLicenseFile").GetString());
    }

    [Fact]
    public void Owners_and_verified_prefix_are_in_the_json_report_with_unknown_facts_left_out()
    {
        var report = new OnlineTestProject(restored, _feed.ServiceIndexUrl).Check();

        using var json = JsonDocument.Parse(ReportJson.Serialize(report));
        var packages = json.RootElement.GetProperty("packages").EnumerateArray().ToList();
        var onnx = packages.Single(p => p.GetProperty("id").GetString() == "Microsoft.ML.OnnxRuntime.Managed").GetProperty("online");
        Assert.Equal(_feed.ServiceIndexUrl, onnx.GetProperty("source").GetString());
        Assert.Equal(["Microsoft", "onnxruntime"], onnx.GetProperty("owners").EnumerateArray().Select(o => o.GetString()));
        Assert.True(onnx.GetProperty("verified").GetBoolean());
        Assert.Equal("1.31.1", onnx.GetProperty("latestVersion").GetString());
        Assert.False(onnx.TryGetProperty("deprecation", out _));
        Assert.False(onnx.TryGetProperty("vulnerabilities", out _));
        Assert.False(onnx.TryGetProperty("latestLicense", out _)); // it is the latest: no upgrade to compare
        var commandLine = packages.Single(p => p.GetProperty("id").GetString() == "System.CommandLine").GetProperty("online");
        Assert.False(commandLine.TryGetProperty("owners", out _)); // the search service has no owners for it
        Assert.Equal("Legacy", commandLine.GetProperty("deprecation").GetProperty("reasons")[0].GetString());
        // A package the feed does not have gets no online entry at all.
        var transitive = packages.Where(p => p.GetProperty("id").GetString() is not ("System.CommandLine" or "OllamaSharp" or "Microsoft.ML.OnnxRuntime.Managed")).ToList();
        Assert.NotEmpty(transitive);
        Assert.All(transitive, p => Assert.False(p.TryGetProperty("online", out _)));
    }

    [Fact]
    public void Clean_package_on_the_feed_has_no_online_findings()
    {
        var report = new OnlineTestProject(restored, _feed.ServiceIndexUrl).Check();

        Assert.NotNull(report.Packages.Single(p => p.Id == "Microsoft.ML.OnnxRuntime.Managed").Online);
        Assert.DoesNotContain(report.Findings, f => f.Subject == Onnx && f.RuleId is RuleIds.PackageDeprecatedOrVulnerable or RuleIds.PackageUpgradeChangesLicense);
        Assert.Empty(Findings(report, RuleIds.OnlineLookupUnavailable));
    }

    [Fact]
    public void Offline_check_asks_no_source_and_reports_no_online_facts()
    {
        var report = new OnlineTestProject(restored, _feed.ServiceIndexUrl).Check(offline: true);

        Assert.Equal(0, _feed.RequestCount);
        Assert.All(report.Packages, p => Assert.Null(p.Online));
        Assert.DoesNotContain("\"online\"", ReportJson.Serialize(report));
    }

    [Fact]
    public void Source_answering_500_is_one_TC2007_info_and_the_check_still_passes()
    {
        _feed.FailWithStatus = HttpStatusCode.InternalServerError;

        var report = new OnlineTestProject(restored, _feed.ServiceIndexUrl).Check(timeout: TimeSpan.FromSeconds(60));

        var finding = Assert.Single(Findings(report, RuleIds.OnlineLookupUnavailable));
        Assert.Equal("info", finding.Severity);
        Assert.Contains(_feed.ServiceIndexUrl, finding.Message);
        Assert.Contains("500", finding.Message);
        Assert.Empty(Findings(report, RuleIds.PackageDeprecatedOrVulnerable));
        Assert.DoesNotContain(report.Findings, f => f.RuleId == RuleIds.InternalError);
        Assert.False(report.HasErrors);
    }

    [Fact]
    public void Closed_port_is_one_TC2007_info_naming_the_source()
    {
        var closed = $"http://127.0.0.1:{ClosedPort()}/v3/index.json";

        var report = new OnlineTestProject(restored, closed).Check(timeout: TimeSpan.FromSeconds(60));

        var finding = Assert.Single(Findings(report, RuleIds.OnlineLookupUnavailable));
        Assert.Contains(closed, finding.Message);
        Assert.Equal(closed, finding.Data!["source"]);
        Assert.False(report.HasErrors);
    }

    [Fact]
    public void Slow_source_times_out_as_one_TC2007_info()
    {
        _feed.Delay = TimeSpan.FromSeconds(20);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var report = new OnlineTestProject(restored, _feed.ServiceIndexUrl).Check(timeout: TimeSpan.FromSeconds(1));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"took {started.Elapsed}");
        var finding = Assert.Single(Findings(report, RuleIds.OnlineLookupUnavailable));
        Assert.Contains("did not finish within 1 s", finding.Message);
        Assert.Equal("timeout", finding.Data!["reason"]);
        Assert.False(report.HasErrors);
    }

    [Fact]
    public void Project_with_only_a_local_folder_source_gets_one_TC2007_info()
    {
        var local = TestPaths.NewTempDirectory("trustcheck-local-feed");

        var report = new OnlineTestProject(restored, local).Check();

        var finding = Assert.Single(Findings(report, RuleIds.OnlineLookupUnavailable));
        Assert.Contains("no http(s) v3 package source", finding.Message);
        Assert.All(report.Packages, p => Assert.Null(p.Online));
    }

    [Fact]
    public void Second_run_is_answered_from_the_cache_without_asking_the_source()
    {
        var project = new OnlineTestProject(restored, _feed.ServiceIndexUrl);
        var first = project.Check();
        var requests = _feed.RequestCount;

        var second = project.Check();

        Assert.True(requests > 0);
        Assert.Equal(requests, _feed.RequestCount);
        Assert.Equal(ReportJson.Serialize(first), ReportJson.Serialize(second));
        Assert.NotEmpty(Directory.GetFiles(project.CacheDirectory, "*.json"));
    }

    [Fact]
    public void Expired_cache_entries_are_asked_for_again()
    {
        var project = new OnlineTestProject(restored, _feed.ServiceIndexUrl);
        project.Check();
        var requests = _feed.RequestCount;

        var report = project.Check(cacheExpiry: TimeSpan.Zero);

        Assert.True(_feed.RequestCount > requests);
        Assert.Single(Findings(report, RuleIds.PackageDeprecatedOrVulnerable, CommandLine));
    }

    [Fact]
    public void Failures_are_not_cached_so_the_next_run_gets_the_answers()
    {
        var project = new OnlineTestProject(restored, _feed.ServiceIndexUrl);
        _feed.FailWithStatus = HttpStatusCode.ServiceUnavailable;
        Assert.Single(Findings(project.Check(timeout: TimeSpan.FromSeconds(60)), RuleIds.OnlineLookupUnavailable));

        _feed.FailWithStatus = null;
        var report = project.Check();

        Assert.Empty(Findings(report, RuleIds.OnlineLookupUnavailable));
        Assert.Single(Findings(report, RuleIds.PackageDeprecatedOrVulnerable, CommandLine));
    }

    [Fact]
    public void Answer_whose_search_failed_is_used_but_not_cached()
    {
        var project = new OnlineTestProject(restored, _feed.ServiceIndexUrl);
        _feed.FailPathsContaining = "/v3/query";
        var first = project.Check();

        _feed.FailPathsContaining = null;
        var second = project.Check();

        Assert.Single(Findings(first, RuleIds.PackageDeprecatedOrVulnerable, CommandLine)); // the registration still answered
        Assert.Empty(Findings(first, RuleIds.OnlineLookupUnavailable));
        Assert.Null(first.Packages.Single(p => p.Id == "Microsoft.ML.OnnxRuntime.Managed").Online!.Owners);
        Assert.Equal(["Microsoft", "onnxruntime"], second.Packages.Single(p => p.Id == "Microsoft.ML.OnnxRuntime.Managed").Online!.Owners!);
    }

    [Fact]
    public void Source_lacking_search_and_nuspecs_is_said_once_and_the_second_run_is_served_from_the_cache()
    {
        // Like this machine's mirror: registrations and .nupkg files only, no license in the registration, no search.
        using var mirror = new LoopbackNuGetFeed(
        [
            new FeedPackage { Id = "System.CommandLine", Version = "2.0.0", DeprecationReasons = ["Legacy"] },
            new FeedPackage { Id = "System.CommandLine", Version = "3.0.0" },
            new FeedPackage { Id = "OllamaSharp", Version = "5.5.2", Vulnerabilities = [(2, Advisory1)] },
            new FeedPackage { Id = "OllamaSharp", Version = "6.0.0" },
            new FeedPackage { Id = "Microsoft.ML.OnnxRuntime.Managed", Version = "1.31.1" },
        ]) { HasSearch = false, HasNuspecs = false };
        var project = new OnlineTestProject(restored, mirror.ServiceIndexUrl);

        var first = project.Check();
        var requests = mirror.Requests;
        var second = project.Check();

        var notice = Assert.Single(Findings(first, RuleIds.OnlineLookupUnavailable));
        Assert.Contains("no search service", notice.Message);
        Assert.Contains("no .nuspec files", notice.Message);
        Assert.Equal("info", notice.Severity);
        Assert.Single(Findings(first, RuleIds.PackageDeprecatedOrVulnerable, CommandLine)); // the registration's answer stands
        Assert.DoesNotContain(requests, r => r.EndsWith(".nupkg", StringComparison.Ordinal)); // never a whole package
        Assert.DoesNotContain(requests, r => r.StartsWith("/v3/query", StringComparison.Ordinal));
        Assert.Equal(requests.Count, mirror.RequestCount); // the second run asked nothing
        Assert.Equal(ReportJson.Serialize(first), ReportJson.Serialize(second)); // and said the same, once
    }

    [Fact]
    public void Nuget_config_that_is_a_fifo_is_one_TC2007_and_never_opened()
    {
        if (!SpecialFiles.CanMakeFifo)
        {
            return; // no FIFOs on Windows
        }

        var project = new OnlineTestProject(restored, _feed.ServiceIndexUrl);
        var config = Path.Combine(project.Directory, "nuget.config");
        File.Delete(config);
        SpecialFiles.Fifo(config);

        var report = Task.Run(() => project.Check());

        Assert.True(report.Wait(TimeSpan.FromSeconds(60)), "the online stage blocked on the FIFO");
        var finding = Assert.Single(Findings(report.Result, RuleIds.OnlineLookupUnavailable));
        Assert.Contains("not a regular file (FIFO)", finding.Message);
        Assert.Equal(0, _feed.RequestCount);
    }

    [Fact]
    public void Latest_license_comes_from_the_nuspec_not_the_package()
    {
        using var feed = new LoopbackNuGetFeed(
        [
            new FeedPackage { Id = "OllamaSharp", Version = "5.5.2", LicenseExpression = "MIT" },
            new FeedPackage { Id = "OllamaSharp", Version = "6.0.0", Nupkg = NupkgWithLicenseExpression("OllamaSharp", "6.0.0", "BUSL-1.1") },
        ]);

        var report = new OnlineTestProject(restored, feed.ServiceIndexUrl).Check();

        Assert.Equal("BUSL-1.1", report.Packages.Single(p => p.Id == "OllamaSharp").Online!.LatestLicense);
        Assert.Contains(feed.Requests, r => r == "/v3/flatcontainer/ollamasharp/6.0.0/ollamasharp.nuspec");
        Assert.DoesNotContain(feed.Requests, r => r.EndsWith(".nupkg", StringComparison.Ordinal));
    }

    /// <summary>A package whose registration states no license; its nuspec says <paramref name="expression"/>.</summary>
    private static byte[] NupkgWithLicenseExpression(string id, string version, string expression)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = zip.CreateEntry($"{id}.nuspec").Open();
            stream.Write(System.Text.Encoding.UTF8.GetBytes($"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata><id>{id}</id><version>{version}</version><authors>Contoso</authors><description>Test.</description>
                    <license type="expression">{expression}</license></metadata>
                </package>
                """));
        }

        return buffer.ToArray();
    }

    [Fact]
    public void Package_missing_on_the_first_source_is_answered_by_the_next_one()
    {
        using var second = new LoopbackNuGetFeed([new FeedPackage { Id = "System.CommandLine", Version = "2.0.0", LicenseExpression = "MIT", DeprecationReasons = ["Other"] }]);
        using var first = new LoopbackNuGetFeed([new FeedPackage { Id = "OllamaSharp", Version = "5.5.2", Vulnerabilities = [(1, Advisory1)] }]);

        var report = new OnlineTestProject(restored, first.ServiceIndexUrl, second.ServiceIndexUrl).Check();

        Assert.Equal(first.ServiceIndexUrl, report.Packages.Single(p => p.Id == "OllamaSharp").Online!.Source);
        Assert.Equal(second.ServiceIndexUrl, report.Packages.Single(p => p.Id == "System.CommandLine").Online!.Source);
        Assert.Contains("(Other)", Assert.Single(Findings(report, RuleIds.PackageDeprecatedOrVulnerable, CommandLine)).Message);
        Assert.Contains("moderate", Assert.Single(Findings(report, RuleIds.PackageDeprecatedOrVulnerable, Ollama)).Message);
        Assert.Empty(Findings(report, RuleIds.OnlineLookupUnavailable));
    }

    [Fact]
    public void Progress_reports_look_ups_as_one_line_texts()
    {
        var project = new OnlineTestProject(restored, _feed.ServiceIndexUrl);
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();

        var report = TrustCheckEngine.Check(project.Options(progress: new SynchronousProgress(lines.Enqueue)));

        Assert.All(lines, l => Assert.DoesNotContain('\n', l));
        Assert.Contains($"Online look-ups: 0/{report.Packages.Count} packages", lines);
        Assert.Contains($"Online look-ups: {report.Packages.Count}/{report.Packages.Count} packages", lines);
    }

    private static int ClosedPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port; // closed again when the probe is disposed
    }

    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
