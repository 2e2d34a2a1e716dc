using System.Text;
using TrustCheck.Core.Models;
using TrustCheck.Core.Models.ModelCard;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

public class ModelCardReaderTests
{
    private static ModelInspection Read(string card) => new ModelCardReader().Inspect(new MemoryStream(Encoding.UTF8.GetBytes(card)), "README.md");

    [Fact]
    public void Front_matter_fields_become_card_metadata()
    {
        var inspection = Read("""
            ---
            license: apache-2.0
            base_model:
              - mistralai/Mistral-7B-v0.1   # the base
              - "org/other-base"
            datasets: [HuggingFaceH4/ultrachat_200k, 'Open-Orca/SlimOrca']
            pipeline_tag: text-generation
            tags:
            - chat
            - "fine-tuned"
            language:
            - en
            model-index:
            - name: x
              results: []
            ---
            # My model
            A fine-tuned chat model.
            """);

        Assert.Empty(inspection.Issues);
        Assert.Equal("apache-2.0", inspection.License);
        Assert.Equal("model-card:license", inspection.LicenseSource);
        Assert.Equal("mistralai/Mistral-7B-v0.1, org/other-base", inspection.Metadata["card.base_model"]);
        Assert.Equal("HuggingFaceH4/ultrachat_200k, Open-Orca/SlimOrca", inspection.Metadata["card.datasets"]);
        Assert.Equal("text-generation", inspection.Metadata["card.pipeline_tag"]);
        Assert.Equal("chat, fine-tuned", inspection.Metadata["card.tags"]);
        Assert.Equal("en", inspection.Metadata["card.language"]);
        Assert.False(inspection.Metadata.ContainsKey("card.claims_open"));
    }

    [Fact]
    public void License_other_takes_the_license_name()
    {
        var inspection = Read("---\r\nlicense: other\r\nlicense_name: llama3.1\r\nlicense_link: LICENSE\r\nbase_model: meta-llama/Llama-3.1-8B\r\n---\r\nText\r\n");

        Assert.Equal("llama3.1", inspection.License);
        Assert.Equal("model-card:license_name", inspection.LicenseSource);
        Assert.Equal("other", inspection.Metadata["card.license"]);
        Assert.Equal("LICENSE", inspection.Metadata["card.license_link"]);
        Assert.Equal("meta-llama/Llama-3.1-8B", inspection.Metadata["card.base_model"]);
    }

    [Theory]
    [InlineData("We release this open-source model for everyone.", "open-source")]
    [InlineData("The best Open Source LLM of its size", "Open Source")]
    [InlineData("An open model for research.", "open model")]
    public void Card_prose_calling_the_model_open_is_flagged(string prose, string claim)
    {
        var inspection = Read("---\nlicense: llama3\n---\n" + prose);

        Assert.Equal("true", inspection.Metadata["card.claims_open"]);
        Assert.Equal(claim, inspection.Metadata["card.claims_open_text"]);
    }

    [Fact]
    public void Unclosed_front_matter_is_malformed()
    {
        var issue = Assert.Single(Read("---\nlicense: mit\n# no closing line\n").Issues);

        Assert.Equal(RuleIds.ModelMalformed, issue.RuleId);
    }

    [Fact]
    public void Card_without_front_matter_has_no_license_and_no_issue()
    {
        var inspection = Read("# Model\nNo metadata here.");

        Assert.Empty(inspection.Issues);
        Assert.Null(inspection.License);
    }
}
