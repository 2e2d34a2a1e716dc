using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TrustCheck.Analyzers.Catalogs;
using TrustCheck.Analyzers.Tests.Verification;

namespace TrustCheck.Analyzers.Tests;

/// <summary>The embedded data files parse, and their rows name members that exist in the real libraries.</summary>
public class CatalogTests
{
    private static readonly Compilation Libraries = CSharpCompilation.Create("catalog",
        references: TestReferences.Framework.AddRange(TestReferences.MlLibraries).AddRange(StubLibraries.All));

    public static TheoryData<string, string, string, string> ApiRows()
    {
        var rows = new TheoryData<string, string, string, string>();
        foreach (var api in ModelApiCatalog.All)
        {
            rows.Add(api.TypeName, api.Assembly, api.Member, api.Argument);
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(ApiRows))]
    public void Every_api_row_of_a_referenced_library_names_its_assembly_and_an_existing_member_and_argument(
        string typeName, string assembly, string member, string argument)
    {
        var type = Libraries.GetTypeByMetadataName(typeName);
        if (type is null)
        {
            // ML.NET TensorFlow is neither restored nor stubbed (the other unserved libraries are, Verification/StubLibraries.cs).
            Assert.Equal("Microsoft.ML.TensorflowCatalog", typeName);
            return;
        }

        Assert.Contains(type.ContainingAssembly.Identity.Name, assembly.Split('|'));

        var members = member == ModelApi.Constructor ? type.InstanceConstructors.Cast<ISymbol>() : type.GetMembers(member);
        Assert.Contains(members, m => m switch
        {
            IMethodSymbol method => method.Parameters.Any(p => p.Name == argument),
            IPropertySymbol property => argument == ModelApi.PropertyValue && property.SetMethod is not null,
            _ => false,
        });
    }

    [Fact]
    public void Every_transport_row_names_a_real_type_and_each_carrier_a_constructor_parameter()
    {
        var rows = TransportCatalog.All.ToList();
        Assert.Contains(rows, r => r.Role == TransportRole.InMemory);
        foreach (var row in rows)
        {
            var type = Libraries.GetTypeByMetadataName(row.TypeName);
            Assert.True(type is not null, row.TypeName);
            Assert.Contains(type!.ContainingAssembly.Identity.Name, row.Assemblies);
            Assert.Same(row, TransportCatalog.Find(type));
            if (row.Role == TransportRole.Carrier)
            {
                Assert.Contains(type.InstanceConstructors, c => c.Parameters.Any(p => p.Name == row.Parameter));
            }
        }
    }

    [Theory]
    [InlineData("meta-llama/Llama-3.1-8B-Instruct", "llama3.1")]
    [InlineData("llama3.2:3b", "llama3.2")]
    [InlineData("Llama-3.2-1B-Instruct-Q4_K_M.gguf", "llama3.2")]
    [InlineData("google/gemma-2-9b-it", "gemma")]
    [InlineData("gemma2:9b", "gemma")]
    [InlineData("phi3:mini", "mit")]
    [InlineData("stabilityai/stable-diffusion-xl-base-1.0", "openrail++")]
    [InlineData("hf.co/bigcode/starcoder2-15b", "bigcode-openrail-m")]
    [InlineData("qwen2.5:3b", "qwen-research")]
    public void Model_names_map_to_their_family_license(string name, string license) =>
        Assert.Equal(license, ModelFamilyCatalog.Find(name)?.LicenseId);

    [Theory]
    [InlineData("my-finetune:latest")]
    [InlineData("gpt-4o-mini")]
    [InlineData("model.onnx")]
    public void Unknown_model_names_have_no_family(string name) => Assert.Null(ModelFamilyCatalog.Find(name));

    [Theory]
    [InlineData("weights/model.pt", "Yes")]
    [InlineData("weights/model.PTH", "Yes")]
    [InlineData("weights/pytorch_model.bin", "Maybe")]
    [InlineData("weights/model.safetensors", "No")]
    [InlineData("weights.d/model", null)]
    public void Extensions_map_to_their_pickle_risk(string path, string? risk) =>
        Assert.Equal(risk, ModelFormatCatalog.ForPath(path)?.Pickle.ToString());
}
