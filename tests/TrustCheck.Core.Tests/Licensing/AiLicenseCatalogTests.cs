using TrustCheck.Core.Licensing;

namespace TrustCheck.Core.Tests.Licensing;

public class AiLicenseCatalogTests
{
    [Theory]
    [InlineData("apache-2.0", "Apache-2.0", true, "")]
    [InlineData("mit", "MIT", true, "")]
    [InlineData("bsd-3-clause", "BSD-3-Clause", true, "")]
    [InlineData("cc-by-4.0", "CC-BY-4.0", true, "")]
    [InlineData("cc-by-sa-4.0", "CC-BY-SA-4.0", true, "")]
    [InlineData("cc0-1.0", "CC0-1.0", true, "")]
    [InlineData("cc-by-nc-4.0", "CC-BY-NC-4.0", false, "non-commercial")]
    [InlineData("cc-by-nc-sa-4.0", "CC-BY-NC-SA-4.0", false, "non-commercial")]
    [InlineData("cc-by-nc-nd-4.0", "CC-BY-NC-ND-4.0", false, "non-commercial|no-derivatives")]
    [InlineData("openrail", "LicenseRef-openrail", false, "field-of-use")]
    [InlineData("openrail++", "LicenseRef-openrail-plusplus", false, "field-of-use")]
    [InlineData("creativeml-openrail-m", "LicenseRef-creativeml-openrail-m", false, "field-of-use")]
    [InlineData("bigscience-openrail-m", "LicenseRef-bigscience-openrail-m", false, "field-of-use")]
    [InlineData("bigscience-bloom-rail-1.0", "LicenseRef-bigscience-bloom-rail-1.0", false, "field-of-use")]
    [InlineData("bigcode-openrail-m", "LicenseRef-bigcode-openrail-m", false, "field-of-use")]
    [InlineData("llama2", "LicenseRef-llama2", false, "acceptable-use-policy|mau-threshold")]
    [InlineData("llama3", "LicenseRef-llama3", false, "acceptable-use-policy|mau-threshold|attribution-naming")]
    [InlineData("llama3.1", "LicenseRef-llama3.1", false, "acceptable-use-policy|mau-threshold|attribution-naming")]
    [InlineData("llama3.2", "LicenseRef-llama3.2", false, "acceptable-use-policy|mau-threshold|attribution-naming")]
    [InlineData("llama3.3", "LicenseRef-llama3.3", false, "acceptable-use-policy|mau-threshold|attribution-naming")]
    [InlineData("llama4", "LicenseRef-llama4", false, "acceptable-use-policy|mau-threshold|attribution-naming")]
    [InlineData("gemma", "LicenseRef-gemma", false, "acceptable-use-policy")]
    [InlineData("mrl", "LicenseRef-mrl", false, "non-commercial|research-only")]
    [InlineData("tii-falcon-license", "LicenseRef-tii-falcon-license", false, "acceptable-use-policy")]
    [InlineData("qwen", "LicenseRef-tongyi-qianwen", false, "mau-threshold|attribution-naming")]
    [InlineData("qwen-research", "LicenseRef-qwen-research", false, "non-commercial|research-only")]
    [InlineData("deepseek", "LicenseRef-deepseek", false, "field-of-use")]
    [InlineData("afl-3.0", "AFL-3.0", true, "")]
    [InlineData("gpl-3.0", "GPL-3.0-only", true, "")]
    [InlineData("agpl-3.0", "AGPL-3.0-only", true, "")]
    [InlineData("lgpl-3.0", "LGPL-3.0-only", true, "")]
    [InlineData("artistic-2.0", "Artistic-2.0", true, "")]
    public void Hugging_face_license_id_maps_to_expression_and_restrictions(string id, string expression, bool meetsOsaid, string restrictions)
    {
        var license = AiLicenseCatalog.Find(id);

        Assert.NotNull(license);
        Assert.Equal(expression, license.Expression);
        Assert.Equal(meetsOsaid, license.MeetsOsaid);
        Assert.Equal(restrictions.Split('|', StringSplitOptions.RemoveEmptyEntries), license.Restrictions);
    }

    [Theory]
    [InlineData("Llama 3.1 Community License", "llama3.1")]
    [InlineData("LLAMA 3.1 COMMUNITY LICENSE AGREEMENT", "llama3.1")]
    [InlineData("llama3_1", "llama3.1")]
    [InlineData("LicenseRef-llama3.1", "llama3.1")]
    [InlineData("LLAMA3.1", "llama3.1")]
    [InlineData("META LLAMA 3 COMMUNITY LICENSE AGREEMENT", "llama3")]
    [InlineData("Gemma Terms of Use", "gemma")]
    [InlineData("tongyi-qianwen", "qwen")]
    [InlineData("Mistral AI Research License", "mrl")]
    [InlineData("Apache-2.0", "apache-2.0")]
    [InlineData("Apache License, Version 2.0", "apache-2.0")]
    [InlineData("CC BY-NC 4.0", "cc-by-nc-4.0")]
    [InlineData("GPL-3.0-only", "gpl-3.0")]
    [InlineData("OpenRAIL++", "openrail++")]
    public void Lookup_accepts_spdx_ids_and_common_spellings(string value, string expectedId)
    {
        Assert.Equal(expectedId, AiLicenseCatalog.Find(value)?.Id);
    }

    [Fact]
    public void Openrail_and_openrail_plus_plus_are_distinct()
    {
        Assert.Equal("openrail", AiLicenseCatalog.Find("openrail")?.Id);
        Assert.Equal("openrail++", AiLicenseCatalog.Find("openrail++")?.Id);
    }

    [Fact]
    public void Other_osi_approved_spdx_id_is_an_unrestricted_license()
    {
        var zlib = AiLicenseCatalog.Find("zlib");

        Assert.NotNull(zlib);
        Assert.Equal("Zlib", zlib.Expression);
        Assert.True(zlib.OsiApproved);
        Assert.Empty(zlib.Restrictions);
    }

    [Theory]
    [InlineData("other")]
    [InlineData("unknown")]
    [InlineData("")]
    [InlineData("CC-BY-NC-ND-2.5")]
    [InlineData("proprietary")]
    public void Unknown_or_non_osi_value_outside_the_catalog_is_not_found(string value)
    {
        Assert.Null(AiLicenseCatalog.Find(value));
    }

    [Fact]
    public void Overlong_metadata_value_is_not_found()
    {
        Assert.Null(AiLicenseCatalog.Find("llama3.1" + new string(' ', 100_000)));
        Assert.Null(AiLicenseCatalog.FindByModelName("llama3.1:" + new string('x', 100_000)));
    }

    [Fact]
    public void Llama_licenses_carry_the_700M_threshold_and_naming()
    {
        var llama = AiLicenseCatalog.Find("llama3.1")!;

        Assert.Equal(700_000_000, llama.MauThreshold);
        Assert.Equal("Built with Llama", llama.Attribution);
        Assert.Equal(100_000_000, AiLicenseCatalog.Find("qwen")!.MauThreshold);
    }

    [Fact]
    public void Catalog_data_is_consistent()
    {
        Assert.All(AiLicenseCatalog.All, license =>
        {
            Assert.Equal(license.Id.ToLowerInvariant(), license.Id);
            Assert.All(license.Restrictions, r => Assert.Contains(r, AiLicenseRestrictions.All));
            if (license.Expression.StartsWith("LicenseRef-", StringComparison.Ordinal))
            {
                Assert.False(license.OsiApproved, license.Id);
                Assert.True(TrustCheck.Core.Licensing.SpdxExpression.TryParse(license.Expression, out _, out _), license.Expression);
            }
            else
            {
                Assert.True(SpdxLicenseFacts.IsKnown(license.Expression), license.Expression);
                Assert.False(SpdxLicenseFacts.IsDeprecated(license.Expression), license.Expression);
                Assert.Equal(SpdxLicenseFacts.IsOsiApproved(license.Expression), license.OsiApproved);
            }

            // A license with use restrictions cannot meet the Open Source AI Definition.
            if (license.IsRestricted)
            {
                Assert.False(license.MeetsOsaid, license.Id);
            }
        });
    }

    [Theory]
    [InlineData("llama3.1:8b", "llama3.1")]
    [InlineData("llama3.1", "llama3.1")]
    [InlineData("meta-llama/Llama-3.1-8B-Instruct", "llama3.1")]
    [InlineData("hf.co/meta-llama/Llama-3.2-3B-Instruct", "llama3.2")]
    [InlineData("meta-llama/Meta-Llama-3-8B", "llama3")]
    [InlineData("llama3:70b", "llama3")]
    [InlineData("llama3.3:70b", "llama3.3")]
    [InlineData("meta-llama/Llama-4-Scout-17B-16E-Instruct", "llama4")]
    [InlineData("llama2:13b", "llama2")]
    [InlineData("codellama:7b", "llama2")]
    [InlineData("TinyLlama/TinyLlama-1.1B-Chat-v1.0", "apache-2.0")]
    [InlineData("gemma2", "gemma")]
    [InlineData("gemma3:27b", "gemma")]
    [InlineData("google/gemma-2-9b", "gemma")]
    [InlineData("codegemma:7b", "gemma")]
    [InlineData("mistral:7b", "apache-2.0")]
    [InlineData("mistralai/Mistral-7B-Instruct-v0.3", "apache-2.0")]
    [InlineData("mixtral:8x7b", "apache-2.0")]
    [InlineData("mistral-large", "mrl")]
    [InlineData("mistral-small:22b", "mrl")]
    [InlineData("mistral-small:24b", "apache-2.0")]
    [InlineData("codestral:22b", "mnpl")]
    [InlineData("qwen2.5:7b", "apache-2.0")]
    [InlineData("qwen2.5:32b", "apache-2.0")]
    [InlineData("qwen2.5:3b", "qwen-research")]
    [InlineData("Qwen/Qwen2.5-3B-Instruct", "qwen-research")]
    [InlineData("qwen2.5:72b", "qwen")]
    [InlineData("Qwen/Qwen2.5-72B-Instruct", "qwen")]
    [InlineData("Qwen/Qwen2.5-Coder-32B-Instruct", "apache-2.0")]
    [InlineData("qwen3:8b", "apache-2.0")]
    [InlineData("qwen:7b", "qwen")]
    [InlineData("phi3", "mit")]
    [InlineData("phi3:mini", "mit")]
    [InlineData("microsoft/Phi-3-mini-4k-instruct", "mit")]
    [InlineData("phi4:14b", "mit")]
    [InlineData("deepseek-coder-v2:16b", "deepseek")]
    [InlineData("deepseek-ai/deepseek-llm-7b-chat", "deepseek")]
    [InlineData("deepseek-r1:7b", "mit")]
    [InlineData("deepseek-r1:8b", "llama3.1")]
    [InlineData("deepseek-ai/DeepSeek-R1-Distill-Llama-70B", "llama3.3")]
    [InlineData("falcon:180b", "falcon-180b")]
    [InlineData("tiiuae/falcon-7b", "apache-2.0")]
    [InlineData("tiiuae/Falcon3-7B-Instruct", "tii-falcon-license")]
    [InlineData("falcon2", "tii-falcon-license")]
    [InlineData("bigscience/bloom", "bigscience-bloom-rail-1.0")]
    [InlineData("bigcode/starcoder2-15b", "bigcode-openrail-m")]
    [InlineData("stable-diffusion-v1-5/stable-diffusion-v1-5", "creativeml-openrail-m")]
    [InlineData("stabilityai/stable-diffusion-xl-base-1.0", "openrail++")]
    public void Model_name_maps_to_its_family_license(string modelName, string expectedId)
    {
        Assert.Equal(expectedId, AiLicenseCatalog.FindByModelName(modelName)?.Id);
    }

    [Theory]
    [InlineData("my-company/custom-model")]
    [InlineData("model.onnx")]
    [InlineData("")]
    [InlineData("delphi")]
    public void Unknown_model_name_has_no_family_license(string modelName)
    {
        Assert.Null(AiLicenseCatalog.FindByModelName(modelName));
    }

    [Fact]
    public void Every_model_family_points_at_a_catalog_entry()
    {
        Assert.All(ModelFamilies.All, family => Assert.NotNull(AiLicenseCatalog.Find(family.License)));
    }
}
