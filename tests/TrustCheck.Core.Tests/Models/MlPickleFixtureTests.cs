using TrustCheck.Rules;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Models;

/// <summary>
/// Real pickles written by scikit-learn, scipy, pandas, numpy, xgboost and joblib (tests/fixtures/ml-pickles, made by
/// generate.py there): ordinary models must scan without any error, only the "pickle-based format" note.
/// </summary>
public class MlPickleFixtureTests
{
    public static string FixtureFolder => Path.Combine(TestPaths.RepoRoot, "tests", "fixtures", "ml-pickles");

    public static IEnumerable<object[]> Files => Directory.GetFiles(FixtureFolder)
        .Where(f => !f.EndsWith(".py", StringComparison.Ordinal) && !f.EndsWith(".txt", StringComparison.Ordinal))
        .Select(f => new object[] { Path.GetFileName(f) });


    [Fact]
    public void The_fixture_set_covers_every_library()
    {
        var names = Files.Select(f => (string)f[0]).ToList();
        foreach (var prefix in new[] { "sklearn-", "scipy-", "pandas-", "numpy-", "xgboost-", "compressed-" })
        {
            Assert.Contains(names, n => n.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Real_ml_pickle_scans_without_errors(string name)
    {
        using var ws = new ModelWorkspace();
        var target = ws.Path("models/" + name);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(Path.Combine(FixtureFolder, name), target);

        var report = ws.Scan("models/" + name);

        var notes = string.Join("\n", report.Findings.Select(f => $"{f.RuleId} {f.Severity}: {f.Message}"));
        Assert.DoesNotContain(report.Findings, f => f.Severity == "error");
        Assert.DoesNotContain(report.Findings, f => f.RuleId is RuleIds.ModelUnsafePickle or RuleIds.ModelMalformed);
        Assert.True(report.Findings.Any(f => f.RuleId == RuleIds.ModelPickleFormat), "no pickle-format note:\n" + notes);
    }

    [Theory]
    [InlineData("sklearn.preprocessing._function_transformer", "FunctionTransformer")]
    [InlineData("sklearn.compose._target", "TransformedTargetRegressor")]
    [InlineData("sklearn.metrics._scorer", "_PredictScorer")]
    [InlineData("joblib.memory", "Memory")]
    public void Ml_classes_whose_state_names_a_callable_stay_errors(string module, string name)
    {
        var data = PickleBytes.Start(4).StackGlobal(module, name).EmptyTuple().Op(0x81).Op('}').Build().Stop().ToArray();

        var result = TrustCheck.Core.Models.Pickle.PickleScanner.Scan(data, "model.pkl");

        Assert.Contains(result.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle && i.DefaultSeverity == TrustCheck.Core.Rules.RuleSeverity.Error);
    }
}
