using System.Text.Json;
using TrustCheck.Core.Policy;
using TrustCheck.Core.Provenance;
using TrustCheck.Tests;

namespace TrustCheck.Cli.Tests;

/// <summary>`trustcheck init` writes a policy from what the project uses, and the check that follows still passes.</summary>
[Collection(CliProcessCollection.Name)]
public class InitCommandTests
{
    [Fact]
    public void Init_on_the_sample_allows_the_licenses_it_uses_and_the_next_check_passes()
    {
        var project = SampleApp.CopyAll(withPolicyAndLock: false, "trustcheck-init-sample");
        var before = Check(project);

        var init = CliRunner.Run(project, "init");
        var after = Check(project);

        Assert.True(init.ExitCode == 0, init.ToString());
        var policy = LoadWritten(project);
        var used = before.Report.GetProperty("packages").EnumerateArray().Concat(before.Report.GetProperty("models").EnumerateArray())
            .Select(p => p.GetProperty("license").GetProperty("expression"))
            .Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToHashSet();
        Assert.Equal(used.Order(StringComparer.Ordinal), policy.Licenses.Allow.Order(StringComparer.Ordinal));
        Assert.Contains("Apache-2.0", policy.Licenses.Allow); // the model's license, from its model card
        Assert.Contains("AGPL-3.0-only", policy.Licenses.Deny);
        Assert.Equal(["onnx", "safetensors", "gguf"], policy.Models.AllowFormats);
        Assert.Equal("open-source", policy.Models.MinimumOpenness);
        Assert.False(policy.Models.RequireLock); // no trustcheck.lock.json yet
        Assert.Empty(policy.Rules);
        AssertNoNewErrors(before, after);
        Assert.Equal(0, after.ExitCode);
        Assert.Contains("// 1 package: Google.Protobuf", File.ReadAllText(Path.Combine(project, PolicyLoader.FileName)));
        Assert.Matches(@"^Wrote .*trustcheck\.json: allows Apache-2\.0, BSD-3-Clause, MIT \(\d+ packages, 1 model\)", init.Stdout);
    }

    [Fact]
    public void Packages_with_unknown_licenses_get_commented_out_overrides_to_fill_in()
    {
        // Newtonsoft.Json 9.0.1 gives only a licenseUrl to a plain LICENSE.md and ships no license text: nothing names its license.
        var project = TestPaths.NewTempDirectory("trustcheck-init-unknown");
        File.WriteAllText(Path.Combine(project, "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
              <ItemGroup><PackageReference Include="Newtonsoft.Json" Version="9.0.1" /></ItemGroup>
            </Project>
            """);

        var init = CliRunner.Run(project, "init");

        Assert.True(init.ExitCode == 0, init.ToString());
        var text = File.ReadAllText(Path.Combine(project, PolicyLoader.FileName));
        Assert.Contains("// \"Newtonsoft.Json@9.0.1\": { \"license\": \"<SPDX id>\", \"reason\": \"<who reviewed what, when>\" }, // licenseUrl: https://raw.github.com/JamesNK/Newtonsoft.Json/master/LICENSE.md", text);
        Assert.Empty(LoadWritten(project).Packages.Overrides); // suggestions only: nobody has reviewed anything yet
    }

    [Fact]
    public void Init_beside_a_lock_requires_the_lock()
    {
        var project = SampleApp.CopyAll(withPolicyAndLock: true, "trustcheck-init-locked");
        File.Delete(Path.Combine(project, PolicyLoader.FileName));

        var init = CliRunner.Run(project, "init");
        var check = Check(project);

        Assert.Equal(0, init.ExitCode);
        Assert.True(LoadWritten(project).Models.RequireLock);
        Assert.Equal(0, check.ExitCode);
    }

    [Fact]
    public void Restricted_non_commercial_and_pickle_models_are_allowed_explicitly_and_named()
    {
        var project = SampleApp.CopyAssets("trustcheck-init-models");
        WriteCardModel(project, "models/llama", "llama3.1");
        WriteCardModel(project, "models/nc", "cc-by-nc-4.0");
        File.Copy(TestPaths.CorpusFile("picklescan/data/new_pytorch_model.bin"), Path.Combine(project, "models", "legacy.bin"));
        var before = Check(project);

        var init = CliRunner.Run(project, "init");
        var after = Check(project);

        Assert.True(init.ExitCode == 0, init.ToString());
        var policy = LoadWritten(project);
        Assert.Contains("LicenseRef-llama3.1", policy.Licenses.Allow);
        Assert.Contains("CC-BY-NC-4.0", policy.Licenses.Allow);
        Assert.DoesNotContain("CC-BY-NC-*", policy.Licenses.Deny); // the project uses a CC-BY-NC model: said in a comment instead
        Assert.Contains("LicenseRef-*-NC", policy.Licenses.Deny);
        Assert.Contains("pytorch", policy.Models.AllowFormats!);
        Assert.Null(policy.Models.MinimumOpenness); // legacy.bin has no license, so its openness is unknown
        var text = File.ReadAllText(Path.Combine(project, PolicyLoader.FileName));
        Assert.Contains("Not denied: CC-BY-NC-*, because the project uses it (models/nc)", text);
        Assert.Contains("pytorch is pickle-based", text);
        AssertNoNewErrors(before, after);
        Assert.True(after.ExitCode == 0, after.Report.ToString());
        Assert.Contains(after.Report.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "TC3005"); // still a warning to review
    }

    [Fact]
    public void Existing_policy_is_kept_unless_forced()
    {
        var project = SampleApp.CopyAll(withPolicyAndLock: true, "trustcheck-init-force");
        var policyPath = Path.Combine(project, PolicyLoader.FileName);
        var original = File.ReadAllText(policyPath);

        var refused = CliRunner.Run(project, "init");
        var unchanged = File.ReadAllText(policyPath);
        var forced = CliRunner.Run(project, "init", "--force");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--force", Assert.Single(refused.Stderr.TrimEnd().Split('\n')));
        Assert.Equal(original, unchanged);
        Assert.Equal(0, forced.ExitCode);
        Assert.StartsWith("// trustcheck.json, written by 'trustcheck init'", File.ReadAllText(policyPath));
    }

    [Fact]
    public void Init_is_deterministic()
    {
        var project = SampleApp.CopyAll(withPolicyAndLock: false, "trustcheck-init-twice");

        CliRunner.Run(project, "init");
        var first = File.ReadAllText(Path.Combine(project, PolicyLoader.FileName));
        CliRunner.Run(project, "init", "--force");

        Assert.Equal(first, File.ReadAllText(Path.Combine(project, PolicyLoader.FileName)));
    }

    private sealed record CheckRun(int ExitCode, JsonElement Report);

    private static CheckRun Check(string project)
    {
        var result = CliRunner.Run(project, "check", "--no-restore", "--format", "json");
        Assert.True(result.ExitCode is 0 or 1, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        return new CheckRun(result.ExitCode, json.RootElement.Clone());
    }

    private static void AssertNoNewErrors(CheckRun before, CheckRun after)
    {
        static HashSet<string> Errors(CheckRun run) => run.Report.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("severity").GetString() == "error")
            .Select(f => $"{f.GetProperty("ruleId").GetString()} {f.GetProperty("subject").GetString()}").ToHashSet();

        Assert.Empty(Errors(after).Except(Errors(before)));
    }

    private static TrustCheckPolicy LoadWritten(string project)
    {
        var loaded = PolicyLoader.Load(Path.Combine(project, PolicyLoader.FileName));
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Problems.Select(p => p.Message)));
        return loaded.Policy;
    }

    /// <summary>A Hugging Face style folder: model card with a license id, one safetensors weights file.</summary>
    private static void WriteCardModel(string project, string folder, string license)
    {
        var path = Path.Combine(project, folder);
        SafetensorsFile.Write(Path.Combine(path, "model.safetensors"), 16);
        File.WriteAllText(Path.Combine(path, "README.md"), $"---\nlicense: {license}\nlibrary_name: transformers\n---\n\n# Model\n");
    }
}
