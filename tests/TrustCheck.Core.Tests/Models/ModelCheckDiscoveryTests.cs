using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

public class ModelCheckDiscoveryTests
{
    [Fact]
    public void Each_file_in_a_scanned_folder_is_reported_with_size_and_sha256()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("picklescan/data/benign0_v3.pkl", "models/a.pkl");
        ws.CopyFromCorpus("ggml-llama.cpp/ggml-vocab-phi-3.gguf", "models/sub/phi.gguf");

        var report = ws.Scan("models");

        var pickle = report.Model("models/a.pkl");
        Assert.Equal(32, pickle.Size);
        Assert.Equal("56d0df45e11789545336224e76601a3f063a303bd474a5035afc5a3b0e6aec1a", pickle.Sha256);
        var gguf = report.Model("models/sub/phi.gguf");
        Assert.Equal("gguf", gguf.Format);
        Assert.Equal(726019, gguf.Size);
    }

    [Fact]
    public void Non_model_files_in_a_plain_folder_are_left_out()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("picklescan/data/benign0_v0.pkl", "models/model.pkl");
        ws.Write("models/notes.txt", "just notes");

        var report = ws.Scan("models");

        Assert.Equal(["models/model.pkl"], report.Models.Select(m => m.Path));
    }

    [Fact]
    public void Hugging_face_folder_is_one_model_listing_its_files()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("modelaudit/samples/safetensors/safe_model.safetensors", "hub/tiny/model.safetensors");
        ws.Write("hub/tiny/config.json", """{ "architectures": ["TinyModel"] }""");
        ws.Write("hub/tiny/README.md", "---\nlicense: mit\n---\n# Tiny\n");

        var report = ws.Scan("hub");

        var model = Assert.Single(report.Models);
        Assert.Equal("hub/tiny", model.Path);
        Assert.Equal(["README.md", "config.json", "model.safetensors"], model.Files);
        Assert.Equal("safetensors", model.Format);
        Assert.Equal(new FileInfo(ws.Path("hub/tiny/model.safetensors")).Length + new FileInfo(ws.Path("hub/tiny/config.json")).Length
            + new FileInfo(ws.Path("hub/tiny/README.md")).Length, model.Size);
        Assert.Matches("^[0-9a-f]{64}$", model.Sha256!);
    }

    [Fact]
    public void Weights_file_named_alone_still_reports_its_whole_hugging_face_folder()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("onnx/light_squeezenet.onnx", "Models/tiny/onnx/model.onnx");
        ws.Write("Models/tiny/README.md", "---\nlicense: mit\n---\n# Tiny\n");
        ws.Write("Models/tiny/config.json", "{}");

        var report = ws.Scan("Models/tiny/onnx/model.onnx");

        var model = Assert.Single(report.Models);
        Assert.Equal("Models/tiny", model.Path);
        Assert.Equal(["README.md", "config.json", "onnx/model.onnx"], model.Files);
        Assert.Equal("model-card:license", model.License.Source);
    }

    [Fact]
    public void Folder_digest_changes_when_any_file_of_the_folder_changes()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("modelaudit/samples/safetensors/safe_model.safetensors", "m/model.safetensors");
        ws.Write("m/config.json", "{}");
        var before = Assert.Single(ws.Scan("m").Models).Sha256;

        ws.Write("m/config.json", "{ }");
        var after = Assert.Single(ws.Scan("m").Models).Sha256;

        Assert.NotEqual(before, after);
    }

    [Fact]
    public void Folder_with_a_model_signature_is_one_model()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("oms/v1.0.0-elliptic-key/model.sig", "signed/model.sig");
        ws.CopyFromCorpus("oms/v1.0.0-elliptic-key/signme-1", "signed/signme-1");

        var report = ws.Scan("signed");

        var model = Assert.Single(report.Models);
        Assert.Equal("signed", model.Path);
        Assert.Equal(["model.sig", "signme-1"], model.Files);
    }

    [Fact]
    public void Project_walk_finds_model_extensions_and_skips_bin_obj_and_git()
    {
        using var ws = new ModelWorkspace();
        ws.Write("App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        ws.Write("README.md", "---\nlicense: mit\n---\nThe app, not a model.");
        ws.CopyFromCorpus("onnx/simple/test_single_relu_model.onnx", "Models/relu.onnx");
        ws.CopyFromCorpus("onnx/simple/test_shrink.onnx", "bin/Debug/relu.onnx");
        ws.CopyFromCorpus("onnx/simple/test_shrink.onnx", "obj/relu.onnx");
        ws.CopyFromCorpus("onnx/simple/test_shrink.onnx", ".git/relu.onnx");
        ws.CopyFromCorpus("picklescan/data/benign0_v0.pkl", "Models/data.txt");

        var options = ws.Options();
        options.ProjectPath = ws.Path("App.csproj");
        options.DiscoverModelsInProject = true;
        var report = TrustCheckEngine.Check(options);

        Assert.Equal(["Models/relu.onnx"], report.Models.Select(m => m.Path));
    }

    [Fact]
    public void Missing_model_path_is_reported_and_the_other_models_still_run()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("picklescan/data/benign0_v3.pkl", "ok.pkl");

        var report = ws.Scan("gone.onnx", "ok.pkl");

        var missing = Assert.Single(report.Rule(RuleIds.ModelMalformed));
        Assert.Equal("gone.onnx", missing.Subject);
        Assert.Contains("does not exist", missing.Message);
        Assert.Single(report.Models, m => m.Path == "ok.pkl");
    }

    [Fact]
    public void Model_extension_with_unrecognised_content_is_TC3013_and_the_rest_still_runs()
    {
        using var ws = new ModelWorkspace();
        ws.CopyFromCorpus("picklescan/data/bad_pytorch.pt", "models/bad.onnx");
        ws.CopyFromCorpus("onnx/simple/test_single_relu_model.onnx", "models/good.onnx");

        var report = ws.Scan("models");

        Assert.Contains(report.Findings, f => f.Subject == "models/bad.onnx" && f.RuleId is RuleIds.ModelMalformed or RuleIds.ModelFormatMismatch);
        Assert.DoesNotContain(report.Findings, f => f.Subject == "models/good.onnx" && f.RuleId is RuleIds.ModelMalformed or RuleIds.ModelFormatMismatch);
        Assert.Equal(2, report.Models.Count);
    }

    [Fact]
    public void Disallowed_pickle_format_is_TC3011_at_error_and_other_formats_TC3015()
    {
        using var ws = new ModelWorkspace();
        ws.Policy.Models.AllowFormats = ["onnx"];
        ws.CopyFromCorpus("picklescan/data/benign0_v3.pkl", "m/a.pkl");
        ws.CopyFromCorpus("ggml-llama.cpp/ggml-vocab-phi-3.gguf", "m/b.gguf");
        ws.CopyFromCorpus("onnx/simple/test_single_relu_model.onnx", "m/c.onnx");

        var report = ws.Scan("m");

        var pickle = Assert.Single(report.Rule(RuleIds.ModelPickleFormat), f => f.Subject == "m/a.pkl" && f.Severity == "error");
        Assert.Contains("allowFormats", pickle.Message);
        Assert.Single(report.Rule(RuleIds.ModelFormatNotAllowed), f => f.Subject == "m/b.gguf" && f.Severity == "error");
        Assert.DoesNotContain(report.Findings, f => f.Subject == "m/c.onnx" && f.RuleId is RuleIds.ModelFormatNotAllowed or RuleIds.ModelPickleFormat);
    }
}
