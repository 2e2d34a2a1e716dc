using System.IO.Compression;
using TrustCheck.Core.Models;
using TrustCheck.Core.Models.Pickle;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

/// <summary>
/// torch.jit.save archives (tests/fixtures/differential, written by python3-torch 1.13): their pickles name
/// '__torch__.*' classes and torch.jit._pickle type tags that TorchScript's C++ unpickler resolves from the archive
/// itself, so they are no TC3010 there; the same names in a plain pickle, or a dangerous import in the archive, still are.
/// </summary>
public class TorchScriptArchiveTests
{
    public static IEnumerable<object[]> TorchScriptFiles => DifferentialFixtures.Rows(r => r.Writer == "torch.jit.save");

    private static string Fixture(string name) => Path.Combine(DifferentialFixtures.Folder, "files", name);

    private static List<ModelIssue> Issues(string path) => FormatsCorpus.InspectFile(path, Path.GetFileName(path)).Issues;

    private static string All(IEnumerable<ModelIssue> issues) => string.Join("\n", issues.Select(i => $"{i.RuleId}: {i.Message}"));

    /// <summary>A copy of a fixture archive with members dropped and/or one member added.</summary>
    private static string Rewrite(string source, string target, Func<string, bool> keep, (string Name, byte[] Data)? add = null)
    {
        using (var input = ZipFile.OpenRead(source))
        using (var output = ZipFile.Open(target, ZipArchiveMode.Create))
        {
            foreach (var entry in input.Entries.Where(e => keep(e.FullName)))
            {
                using var from = entry.Open();
                using var to = output.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
                from.CopyTo(to);
            }

            if (add is { } extra)
            {
                using var to = output.CreateEntry(extra.Name, CompressionLevel.NoCompression).Open();
                to.Write(extra.Data);
            }
        }

        return target;
    }

    [Fact]
    public void Fixtures_include_a_user_defined_scripted_class()
    {
        Assert.Contains(TorchScriptFiles, r => ((ReferenceReading)r[0]).File == "torchscript_custom_class.pt");
    }

    [Theory]
    [MemberData(nameof(TorchScriptFiles))]
    public void Real_torchscript_archive_has_no_unsafe_pickle_finding_only_its_code(ReferenceReading reading)
    {
        var issues = Issues(reading.FullPath);

        Assert.DoesNotContain(issues, i => i.RuleId == RuleIds.ModelUnsafePickle);
        Assert.Contains(issues, i => i.RuleId == RuleIds.ModelEmbedsCode);
    }

    [Fact]
    public void The_same_data_pkl_as_a_plain_pickle_is_still_judged()
    {
        using var archive = ZipFile.OpenRead(Fixture("torchscript_custom_class.pt"));
        using var data = archive.Entries.Single(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal)).Open();
        var copy = new MemoryStream();
        data.CopyTo(copy);
        copy.Position = 0;

        var result = PickleScanner.Scan(copy, new PickleScanOptions { Location = "data.pkl" });

        Assert.Contains(result.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle && i.Data?.GetValueOrDefault("global") == "__torch__.ScriptedNet");
        Assert.Contains(result.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle && i.Data?.GetValueOrDefault("global") == "torch.jit._pickle.restore_type_tag");
    }

    [Fact]
    public void Without_constants_pkl_the_archive_is_no_torchscript_and_its_names_are_judged()
    {
        // torch.load only hands an archive to torch.jit.load when it has constants.pkl; otherwise Python unpickles data.pkl.
        var dir = Directory.CreateTempSubdirectory("tc-torchscript-");
        try
        {
            var path = Rewrite(Fixture("torchscript_custom_class.pt"), Path.Combine(dir.FullName, "model.pt"), n => !n.EndsWith("/constants.pkl", StringComparison.Ordinal));

            var issues = Issues(path);

            Assert.True(issues.Any(i => i.RuleId == RuleIds.ModelUnsafePickle && i.Data?.GetValueOrDefault("global") == "__torch__.ScriptedNet"), All(issues));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_dangerous_import_inside_a_torchscript_archive_is_still_an_error()
    {
        var dir = Directory.CreateTempSubdirectory("tc-torchscript-");
        try
        {
            var evil = PickleBytes.Start(2).Global("posix", "system").ShortUnicode("id").Op(0x85).Op('R').Stop().ToArray();
            var path = Rewrite(Fixture("torchscript_custom_class.pt"), Path.Combine(dir.FullName, "model.pt"), _ => true, ("torchscript_custom_class/extra.pkl", evil));

            var issues = Issues(path);

            Assert.True(issues.Any(i => i.RuleId == RuleIds.ModelUnsafePickle && i.Data?.GetValueOrDefault("global") == "posix.system" && FormatsCorpus.SeverityOf(i) == TrustCheck.Core.Rules.RuleSeverity.Error), All(issues));
            Assert.DoesNotContain(issues, i => i.RuleId == RuleIds.ModelUnsafePickle && i.Data?.GetValueOrDefault("global")?.StartsWith("__torch__", StringComparison.Ordinal) == true);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Constants_pkl_only_counts_in_the_archive_root_folder()
    {
        var dir = Directory.CreateTempSubdirectory("tc-torchscript-");
        try
        {
            var path = Rewrite(Fixture("torchscript_custom_class.pt"), Path.Combine(dir.FullName, "model.pt"),
                n => !n.EndsWith("/constants.pkl", StringComparison.Ordinal), ("torchscript_custom_class/nested/constants.pkl", PickleBytes.Start(2).Op('N').Stop().ToArray()));

            Assert.Contains(Issues(path), i => i.RuleId == RuleIds.ModelUnsafePickle && i.Data?.GetValueOrDefault("global") == "__torch__.ScriptedNet");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
