using TrustCheck.Core.Models;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

public class PickleCorpusTests
{
    public static IEnumerable<object[]> Malicious => PickleCorpus.WithLabel("malicious");
    public static IEnumerable<object[]> Benign => PickleCorpus.WithLabel("benign");
    public static IEnumerable<object[]> Suspicious => PickleCorpus.WithLabel("suspicious");
    public static IEnumerable<object[]> Malformed => PickleCorpus.WithLabel("malformed");

    [Fact]
    public void Manifest_has_the_pickle_family_samples()
    {
        Assert.True(PickleCorpus.Rows.Count >= 130, $"only {PickleCorpus.Rows.Count} rows");
    }

    [Theory]
    [MemberData(nameof(Malicious))]
    public void Malicious_corpus_file_gets_an_error_finding(string path)
    {
        var inspection = PickleCorpus.Inspect(path);

        if (PickleCorpus.Get(path).Format == "7z")
        {
            // No 7z reader: the archive must be reported as uninspectable, never as clean.
            Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelMalformed);
            return;
        }

        Assert.Contains(inspection.Issues, i =>
            (i.RuleId == RuleIds.ModelUnsafePickle || i.RuleId == RuleIds.ModelEmbedsCode) && i.DefaultSeverity == RuleSeverity.Error);
    }

    [Theory]
    [MemberData(nameof(Benign))]
    public void Benign_corpus_file_gets_no_error_finding(string path)
    {
        var inspection = PickleCorpus.Inspect(path);

        Assert.DoesNotContain(inspection.Issues, i => i.DefaultSeverity == RuleSeverity.Error);
        Assert.DoesNotContain(inspection.Issues, i => i.RuleId == RuleIds.ModelMalformed);
    }

    [Theory]
    [MemberData(nameof(Suspicious))]
    public void Suspicious_corpus_file_gets_a_warning(string path)
    {
        var inspection = PickleCorpus.Inspect(path);

        Assert.Contains(inspection.Issues, i => i.DefaultSeverity >= RuleSeverity.Warning);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_corpus_file_is_reported_as_uninspectable_and_not_malicious(string path)
    {
        var inspection = PickleCorpus.Inspect(path);

        Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelMalformed);
        Assert.DoesNotContain(inspection.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle);
    }

    [Theory]
    [InlineData("picklescan/data/malicious11.pkl", "os.system")]
    [InlineData("picklescan/data/malicious-invalid-bytes.pkl", "os.system")]
    [InlineData("picklescan/data/malicious15b.pkl", "bdb.Bdb.run")]
    [InlineData("picklescan/data/malicious10.pkl", "__builtin__.exec")]
    [InlineData("picklescan/data/malicious0.pkl", "__builtin__.eval")]
    [InlineData("picklescan/data/malicious1_v4.pkl", "builtins.eval")]
    [InlineData("picklescan/data/malicious2_v0.pkl", "posix.system")]
    [InlineData("picklescan/data/malicious6.pkl", "requests.api.get")]
    [InlineData("picklescan/data/malicious12.pkl", "operator.attrgetter")]
    [InlineData("picklescan/data/malicious13b.pkl", "_pickle.loads")]
    [InlineData("picklescan/data/malicious14.pkl", "runpy._run_code")]
    [InlineData("picklescan/data/malicious16.pkl", "pip.main")]
    [InlineData("picklescan/data/malicious17.pkl", "torch._inductor.codecache.compile_file")]
    [InlineData("picklescan/data/malicious18.pkl", "pydoc.pipepager")]
    [InlineData("picklescan/data/malicious19.pkl", "functools.partial")]
    [InlineData("picklescan/data2/malicious23.pkl", "os.system")]
    [InlineData("picklescan/data/broken_model.pkl", "builtins.exec")]
    [InlineData("picklescan/data/pytorch_magic_bypass.pt", "posix.system")]
    [InlineData("picklescan/data/pytorch_magic_bypass.pt", "__builtin__.eval")]
    [InlineData("picklescan/data/malicious1_0x1.zip", "builtins.eval")]
    [InlineData("picklescan/data/malicious1_0x20.zip", "builtins.eval")]
    [InlineData("picklescan/data/malicious1_0x40.zip", "builtins.eval")]
    [InlineData("picklescan/data/malicious1_central_directory.zip", "builtins.eval")]
    [InlineData("picklescan/data/malicious1_wrong_ext.zip", "builtins.eval")]
    [InlineData("picklescan/data2/malicious1_crc.zip", "builtins.eval")]
    [InlineData("picklescan/data2/keyerror-exploit.pkl", "os.system")]
    [InlineData("picklescan/data2/type-confusion-exploit.pkl", "os.system")]
    [InlineData("picklescan/data2/dns_exfiltration.npy", "ssl.get_server_certificate")]
    [InlineData("picklescan/data2/GHSA-4675-36f9-wf6r.pkl", "ctypes.CDLL")]
    [InlineData("picklescan/data2/types_CodeType.pkl", "types.CodeType")]
    [InlineData("modelscan/data/unsafe_zip_pytorch.pt", "posix.system")]
    [InlineData("modelaudit/pickles/nt_alias_attack.pkl", "nt.system")]
    [InlineData("modelaudit/pickles/multiple_stream_attack.pkl", "builtins.eval")]
    [InlineData("modelaudit/exploits/exploit_ultimate_50pct.pkl", "os.system")]
    [InlineData("modelaudit/samples/archives/path_traversal.zip", "posix.system")]
    [InlineData("modelaudit/samples/pytorch/malicious_eval.pt", "builtins.eval")]
    public void Named_global_is_reported_as_an_error(string path, string global)
    {
        var inspection = PickleCorpus.Inspect(path);

        Assert.Contains(inspection.Issues, i =>
            i.RuleId == RuleIds.ModelUnsafePickle && i.DefaultSeverity == RuleSeverity.Error &&
            i.Data is not null && i.Data.TryGetValue("global", out var g) && g == global);
    }

    [Theory]
    [InlineData("picklescan/data/sys_module_override_sploit.pkl")]
    [InlineData("picklescan/data2/keyerror-exploit.pkl")]
    [InlineData("picklescan/data2/type-confusion-exploit.pkl")]
    public void Stack_global_with_computed_operands_is_an_error(string path)
    {
        var inspection = PickleCorpus.Inspect(path);

        Assert.Contains(inspection.Issues, i =>
            i.RuleId == RuleIds.ModelUnsafePickle && i.Message.Contains("computed at load time", StringComparison.Ordinal));
    }

    [Fact]
    public void Truncated_pickle_keeps_the_globals_seen_before_the_cut()
    {
        var inspection = PickleCorpus.Inspect("picklescan/data/broken_model.pkl");

        Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelMalformed);
        Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle && i.Data!["global"] == "builtins.exec");
    }

    [Theory]
    [InlineData("picklescan/data/benign_password_protected.zip")]
    [InlineData("modelscan/data/password_protected.zip")]
    public void Encrypted_member_is_uninspectable_not_malicious(string path)
    {
        var inspection = PickleCorpus.Inspect(path);

        Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelMalformed && i.Message.Contains("encrypted", StringComparison.Ordinal));
        Assert.DoesNotContain(inspection.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle);
    }

    [Fact]
    public void Central_directory_name_mismatch_reports_both_names()
    {
        var inspection = PickleCorpus.Inspect("picklescan/data/malicious1_central_directory.zip");

        Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelMalformed &&
            i.Message.Contains("'data.pkl'", StringComparison.Ordinal) && i.Message.Contains("'datap.kl'", StringComparison.Ordinal));
    }

    [Fact]
    public void Zip_slip_member_is_reported()
    {
        var inspection = PickleCorpus.Inspect("modelaudit/samples/archives/path_traversal.zip");

        Assert.Contains(inspection.Issues, i => i.RuleId == RuleIds.ModelMalformed && i.Message.Contains("../../../etc/evil.txt", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("modelaudit/samples/pickles/nested_pickle_raw.pkl", "raw")]
    [InlineData("modelaudit/samples/pickles/nested_pickle_base64.pkl", "base64")]
    [InlineData("modelaudit/samples/pickles/nested_pickle_hex.pkl", "hex")]
    public void Nested_pickle_in_a_data_value_is_a_warning(string path, string encoding)
    {
        var inspection = PickleCorpus.Inspect(path);

        var nested = Assert.Single(inspection.Issues, i => i.Data is not null && i.Data.ContainsKey("nestedPickle") && i.Data["nestedPickle"] == encoding);
        Assert.Equal(RuleSeverity.Warning, nested.DefaultSeverity);
        Assert.Contains("builtins.print", nested.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_class_from_the_saving_script_is_only_a_warning()
    {
        var inspection = PickleCorpus.Inspect("modelaudit/scenarios/license_scenarios/agpl_component/agpl_model.pkl");

        var issue = Assert.Single(inspection.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle);
        Assert.Equal("__main__.AGPLNeuralNetwork", issue.Data!["global"]);
        Assert.Equal(RuleSeverity.Warning, issue.DefaultSeverity);
    }

    [Theory]
    [InlineData("picklescan/data/new_pytorch_model.bin")]
    [InlineData("picklescan/data/pytorch_model.bin")]
    [InlineData("picklescan/data/benign0_v4.pkl")]
    [InlineData("picklescan/data2/object_array.npy")]
    public void Pickle_based_file_gets_the_format_notice(string path)
    {
        var inspection = PickleCorpus.Inspect(path);

        Assert.Single(inspection.Issues, i => i.RuleId == RuleIds.ModelPickleFormat);
    }

    [Fact]
    public void Npy_header_is_read_into_metadata()
    {
        var inspection = PickleCorpus.Inspect("modelaudit/scenarios/license_scenarios/unlicensed_dataset/embeddings.npy");

        Assert.Equal("<f8", inspection.Metadata["descr"]);
        Assert.Equal("(1000, 50)", inspection.Metadata["shape"]);
        Assert.Empty(inspection.Issues);
    }
}
