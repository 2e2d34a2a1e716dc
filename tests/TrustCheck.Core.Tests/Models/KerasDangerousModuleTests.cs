using System.Text.Json;
using TrustCheck.Core.Models;
using TrustCheck.Core.Models.Keras;
using TrustCheck.Core.Models.Pickle;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

/// <summary>A Keras object or function from a module that can run code is an error, exactly as that import is in a pickle.</summary>
public class KerasDangerousModuleTests
{
    private static List<ModelIssue> Inspect(string config)
    {
        using var document = JsonDocument.Parse(config);
        var inspection = new ModelInspection(ModelFormats.Keras);
        KerasConfigInspector.Inspect(document.RootElement, "model.keras", "config.json", inspection);
        return inspection.Issues;
    }

    private static string Model(string layer) =>
        """{"module":"keras","class_name":"Sequential","config":{"name":"s","layers":[{"module":"keras.layers","class_name":"InputLayer","config":{"batch_shape":[null,4]}},"""
        + layer + "]}}";

    [Theory]
    [InlineData("""{"module":"os","class_name":"function","config":"system","registered_name":null}""", "os.system")]
    [InlineData("""{"module":"subprocess","class_name":"Popen","config":{}}""", "subprocess.Popen")]
    [InlineData("""{"module":"builtins","class_name":"function","config":"eval"}""", "builtins.eval")]
    [InlineData("""{"module":"keras.layers","class_name":"Dense","config":{"units":2,"activation":{"module":"posix","class_name":"function","config":"system"}}}""", "posix.system")]
    public void Object_from_a_module_that_runs_code_is_an_error(string layer, string imported)
    {
        var issue = Assert.Single(Inspect(Model(layer)));

        Assert.Equal(RuleIds.ModelEmbedsCode, issue.RuleId);
        Assert.Equal(RuleSeverity.Error, issue.DefaultSeverity);
        Assert.Contains($"'{imported}'", issue.Message);
    }

    [Fact]
    public void Unknown_third_party_module_stays_a_warning()
    {
        var issue = Assert.Single(Inspect(Model("""{"module":"acme_layers.attention","class_name":"FancyAttention","config":{}}""")));

        Assert.Equal(RuleSeverity.Warning, issue.DefaultSeverity);
    }

    [Theory]
    [InlineData("""{"module":"keras.layers","class_name":"Dense","config":{"units":2,"activation":"relu"}}""")]
    [InlineData("""{"module":"builtins","class_name":"tuple","config":{"value":[1,2]}}""")]
    public void Keras_objects_and_plain_builtin_data_are_quiet(string layer) =>
        Assert.Empty(Inspect(Model(layer)));

    [Fact]
    public void Every_dangerous_module_of_the_pickle_check_is_an_error_in_a_keras_config()
    {
        Assert.NotEmpty(DangerousModules.All);
        foreach (var (module, _) in DangerousModules.All)
        {
            var pickleReason = SafePickleGlobals.Default.DangerReason(new PickleGlobal(module, "run", PickleImportKind.Global, 0));
            var kerasIssues = Inspect(Model($$"""{"module":"{{module}}","class_name":"function","config":"run"}"""));

            Assert.NotNull(pickleReason);
            var issue = Assert.Single(kerasIssues);
            Assert.True(issue.DefaultSeverity == RuleSeverity.Error, $"{module}.run is a known dangerous global in a pickle but {issue.DefaultSeverity} in Keras");
            Assert.Contains(pickleReason, issue.Message);
        }
    }
}
