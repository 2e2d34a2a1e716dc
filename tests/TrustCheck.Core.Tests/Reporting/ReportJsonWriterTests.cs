using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Tests.Reporting;

/// <summary>The hand-written JSON report writer against the source-generated serializer: byte-equal output, every field.</summary>
public class ReportJsonWriterTests
{
    [Fact]
    public void Every_field_is_written_as_the_serializer_writes_it()
    {
        var report = WithEveryOptionalField(ReportFixture.Create());

        Assert.Equal(ReportJson.SerializeWithSerializer(report), ReportJson.Serialize(report));
    }

    [Fact]
    public void An_empty_report_is_written_as_the_serializer_writes_it()
    {
        var report = ReportBuilder.Build([], [], []);

        Assert.Equal(ReportJson.SerializeWithSerializer(report), ReportJson.Serialize(report));
    }

    [Fact]
    public void The_sample_project_report_is_written_as_the_serializer_writes_it()
    {
        var report = RealReportSchemaTests.SampleReport.Value;

        Assert.NotEmpty(report.Findings);
        Assert.Equal(ReportJson.SerializeWithSerializer(report), ReportJson.Serialize(report));
    }

    [Fact]
    public void The_written_report_reads_back()
    {
        var report = WithEveryOptionalField(ReportFixture.Create());

        var roundTrip = ReportJson.Deserialize(ReportJson.Serialize(report))!;

        Assert.Equal(ReportJson.Serialize(report), ReportJson.Serialize(roundTrip));
    }

    [Fact]
    public void The_report_line_written_as_bytes_is_the_serialized_text_in_UTF8()
    {
        var report = WithEveryOptionalField(ReportFixture.Create());

        // Starts smaller than the report, so the pooled buffer has to grow (and copy) on the way.
        using var buffer = new PooledBufferWriter(256);
        ReportJson.WriteLine(report, buffer);

        var expected = System.Text.Encoding.UTF8.GetBytes(ReportJson.Serialize(report) + Environment.NewLine);
        Assert.True(expected.Length > 4096, $"fixture report of {expected.Length} bytes is too small to test the growth");
        Assert.Equal(expected, buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void The_sample_project_report_line_written_as_bytes_is_the_serialized_text_in_UTF8()
    {
        var report = RealReportSchemaTests.SampleReport.Value;

        using var buffer = new PooledBufferWriter(64 * 1024);
        ReportJson.WriteLine(report, buffer);

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(ReportJson.Serialize(report) + Environment.NewLine), buffer.WrittenSpan.ToArray());
    }

    /// <summary>Fills what the fixture leaves at defaults: project, location notes and related locations, online facts, files.</summary>
    private static Report WithEveryOptionalField(Report report)
    {
        var related = new ReportLocation("Directory.Packages.props", 7, 5) { Note = "version set here" };
        var findings = report.Findings.Select((finding, index) => index != 1 ? finding : new ReportFinding
        {
            RuleId = finding.RuleId,
            Severity = finding.Severity,
            Message = finding.Message + " — “quoted” <b>&amp;</b> 'single' \\ \"double\" \u0001 ünïcødé 🙂",
            Subject = finding.Subject,
            Location = new ReportLocation("App.csproj", 12, 6) { Note = "Dual.Pkg@2.0.0 brings in Legacy.Pkg@1.0.0", Related = [related] },
            Data = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" },
        }).ToList();

        var packages = report.Packages;
        packages[0].Dependencies.AddRange(["Microsoft.ML.OnnxRuntime@1.31.1", "System.Memory@4.5.5"]);
        packages[0].TargetFrameworks.Add("net10.0");
        packages[0].ProjectUrl = "https://onnxruntime.ai";
        packages[0].Authors = "Microsoft";
        packages[0].Signature.AuthorSigner = "CN=Microsoft Corporation";
        packages[0].Signature.AuthorFingerprint = new string('f', 64);
        packages[0].Online = new OnlinePackageReport
        {
            Source = "https://pkgs.example.org/v3/index.json",
            Owners = ["Microsoft", "onnxruntime"],
            Verified = true,
            LatestVersion = "2.0.0",
            LatestLicense = "BUSL-1.1",
            Deprecation = new DeprecationReport { Reasons = ["Legacy", "CriticalBugs"], Message = "use the new one", AlternatePackage = "New.Pkg@*" },
            Vulnerabilities = [new VulnerabilityReport { Severity = "high", AdvisoryUrl = "https://github.com/advisories/GHSA-xxxx" }],
        };
        packages[1].Online = new OnlinePackageReport { Source = "https://pkgs.example.org/v3/index.json" };

        var models = report.Models;
        models[0].Files = ["config.json", "model.safetensors"];
        models[0].Metadata["general.name"] = "Phi";
        models[0].Metadata["general.license"] = "llama3.1";
        models[0].Openness.Openwashing = "calls itself open source";
        models[0].Openness.Components.AddRange(["weights", "model-card"]);
        models[0].Provenance.Signature = "valid";
        models[0].Provenance.SignatureNote = "keyless";
        models[0].Provenance.Revision = new string('0', 40);

        return new Report
        {
            Project = new ProjectInfo("samples/App/App.csproj", "App"),
            Findings = findings,
            Packages = packages,
            Models = models,
        };
    }
}
