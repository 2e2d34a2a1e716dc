using System.Text.Json;
using TrustCheck.Core.Models;
using TrustCheck.Core.Policy;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Models;

/// <summary>A temp workspace with real corpus bytes copied in (never loaded), and one-call scans / locks against it.</summary>
internal sealed class ModelWorkspace : IDisposable
{
    public ModelWorkspace()
    {
        Root = TestPaths.NewTempDirectory("trustcheck-models");
    }

    public string Root { get; }

    public string LockPath => System.IO.Path.Combine(Root, "trustcheck.lock.json");

    /// <summary>The policy the model stage sees (built in code, so these tests do not depend on trustcheck.json parsing).</summary>
    public TrustCheckPolicy Policy { get; } = TrustCheckPolicy.Default;

    public string Path(string relative) => System.IO.Path.Combine(Root, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    /// <summary>Copies a corpus file's bytes to <paramref name="relative"/> inside the workspace.</summary>
    public string CopyFromCorpus(string corpusRelative, string relative)
    {
        var target = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        File.Copy(TestPaths.CorpusFile(corpusRelative), target, overwrite: true);
        return target;
    }

    public string Write(string relative, string text)
    {
        var target = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        File.WriteAllText(target, text);
        return target;
    }

    public CheckOptions Options(params string[] modelPaths)
    {
        var options = new CheckOptions
        {
            WorkingDirectory = Root,
            LockFilePath = LockPath,
        };
        options.ModelPaths.AddRange(modelPaths.Select(Path));
        return options;
    }

    /// <summary>The model stage as the engine runs it (lock read from disk, findings through the policy's severities).</summary>
    public Report Scan(params string[] modelPaths) => Report(Run(modelPaths));

    /// <summary>Like 'trustcheck lock' for these paths: run the model stage, then write its lock entries.</summary>
    public Report Lock(params string[] modelPaths)
    {
        var context = Run(modelPaths);
        LockFileStore.Write(LockPath, new TrustCheckLock { Models = ModelCheck.CreateLockEntries(context).ToList() });
        return Report(context);
    }

    private CheckContext Run(string[] modelPaths)
    {
        var lockResult = LockFileStore.Read(LockPath);
        Xunit.Assert.Null(lockResult.Problem);
        var context = new CheckContext(Options(modelPaths), Policy, lockResult.Lock, LockPath, new FindingCollector(Policy.Rules));
        ModelCheck.Run(context);
        return context;
    }

    private static Report Report(CheckContext context) => ReportBuilder.Build(context.Findings.Findings, context.Packages, context.Models);

    /// <summary>Rewrites every lock entry whose path ends with <paramref name="pathSuffix"/>.</summary>
    public void EditLock(string pathSuffix, Action<System.Text.Json.Nodes.JsonObject> edit)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(LockPath))!;
        foreach (var entry in root["models"]!.AsArray())
        {
            if (entry!["path"]!.GetValue<string>().EndsWith(pathSuffix, StringComparison.Ordinal))
            {
                edit(entry.AsObject());
            }
        }

        File.WriteAllText(LockPath, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Leave it for the OS temp cleaner.
        }
    }
}

internal static class ReportAssertions
{
    public static IEnumerable<ReportFinding> Rule(this Report report, string ruleId) => report.Findings.Where(f => f.RuleId == ruleId);

    public static ModelReport Model(this Report report, string path) =>
        report.Models.SingleOrDefault(m => m.Path == path)
        ?? throw new Xunit.Sdk.XunitException($"no model '{path}' in the report; models: {string.Join(", ", report.Models.Select(m => m.Path))}");
}
