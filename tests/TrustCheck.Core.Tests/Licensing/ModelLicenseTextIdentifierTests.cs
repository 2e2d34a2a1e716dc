using TrustCheck.Core.Licensing;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Licensing;

/// <summary>The published model licenses (../shared/corpus/realworld/model-licenses, read from there) are recognised by our fingerprints.</summary>
public class ModelLicenseTextIdentifierTests
{
    private static string Published(string file) => File.ReadAllText(TestPaths.CorpusFile("realworld/model-licenses/" + file));

    [Theory]
    [InlineData("llama2.txt", "llama2", "license")]
    [InlineData("llama2-use-policy.txt", "llama2", "use-policy")]
    [InlineData("llama3.txt", "llama3", "license")]
    [InlineData("llama3-use-policy.txt", "llama3", "use-policy")]
    [InlineData("llama3.1.txt", "llama3.1", "license")]
    [InlineData("llama3.1-use-policy.txt", "llama3.1", "use-policy")]
    [InlineData("llama3.2.txt", "llama3.2", "license")]
    [InlineData("llama3.2-use-policy.txt", "llama3.2", "use-policy")]
    [InlineData("llama3.3.txt", "llama3.3", "license")]
    [InlineData("llama3.3-use-policy.txt", "llama3.3", "use-policy")]
    [InlineData("llama4.txt", "llama4", "license")]
    [InlineData("llama4-use-policy.txt", "llama4", "use-policy")]
    [InlineData("gemma.txt", "gemma", "license")]
    [InlineData("qwen.txt", "qwen", "license")]
    [InlineData("tongyi-qianwen-research.txt", "qwen-research", "license")]
    [InlineData("deepseek.txt", "deepseek", "license")]
    [InlineData("creativeml-openrail-m.txt", "creativeml-openrail-m", "license")]
    [InlineData("bigscience-bloom-rail-1.0.txt", "bigscience-bloom-rail-1.0", "license")]
    public void Published_texts_are_identified_with_their_version(string file, string license, string document)
    {
        var match = ModelLicenseTextIdentifier.Identify(Published(file));
        Assert.Equal(new ModelLicenseTextMatch(license, document), match);
        Assert.NotNull(AiLicenseCatalog.Find(license));
    }

    [Fact]
    public void Every_fingerprinted_license_is_in_the_catalog_and_every_corpus_text_is_covered()
    {
        var folder = TestPaths.CorpusFile("realworld/model-licenses");
        foreach (var file in Directory.GetFiles(folder, "*.txt"))
        {
            Assert.True(ModelLicenseTextIdentifier.Identify(File.ReadAllText(file)) is not null, Path.GetFileName(file) + " not identified");
        }
    }

    [Fact]
    public void Reformatted_copies_still_match()
    {
        var text = Published("llama3.2.txt").ToUpperInvariant().Replace("\n", "\r\n  ").Replace(" ", "  ");
        Assert.Equal("llama3.2", ModelLicenseTextIdentifier.Identify("# " + text)?.LicenseId);
    }

    [Fact]
    public void A_text_that_only_mentions_a_license_is_not_that_license()
    {
        var readme = "This fine-tune is released under the MIT license. The base model was trained under the Llama 3.1 Community License Agreement "
            + "(Llama 3.1 Version Release Date: July 23, 2024; Built with Llama).";
        Assert.Null(ModelLicenseTextIdentifier.Identify(new string('x', 700) + " " + readme));
    }

    [Fact]
    public void A_truncated_text_missing_the_distinctive_phrases_is_not_identified()
    {
        var text = Published("llama3.1.txt");
        Assert.Null(ModelLicenseTextIdentifier.Identify(text[..200]));
    }

    [Fact]
    public void Other_licenses_and_empty_text_are_not_model_licenses()
    {
        Assert.Null(ModelLicenseTextIdentifier.Identify(""));
        Assert.Null(ModelLicenseTextIdentifier.Identify("MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy"));
    }
}
