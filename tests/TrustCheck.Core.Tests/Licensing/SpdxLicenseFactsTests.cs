using TrustCheck.Core.Licensing;

namespace TrustCheck.Core.Tests.Licensing;

public class SpdxLicenseFactsTests
{
    [Theory]
    [InlineData("MIT", true, true, false)]
    [InlineData("mit", true, true, false)]
    [InlineData("Apache-2.0", true, true, false)]
    [InlineData("GPL-2.0-only", true, true, false)]
    [InlineData("GPL-2.0", true, true, true)]
    [InlineData("LGPL-2.1+", true, true, true)]
    [InlineData("CC-BY-NC-4.0", true, false, false)]
    [InlineData("CC0-1.0", true, false, false)]
    [InlineData("WTFPL", true, false, false)]
    [InlineData("LicenseRef-llama3", false, false, false)]
    [InlineData("Classpath-exception-2.0", false, false, false)]
    [InlineData("", false, false, false)]
    public void Facts_come_from_the_spdx_list(string id, bool known, bool osiApproved, bool deprecated)
    {
        Assert.Equal(known, SpdxLicenseFacts.IsKnown(id));
        Assert.Equal(osiApproved, SpdxLicenseFacts.IsOsiApproved(id));
        Assert.Equal(deprecated, SpdxLicenseFacts.IsDeprecated(id));
    }

    [Theory]
    [InlineData("mit", "MIT")]
    [InlineData(" apache-2.0 ", "Apache-2.0")]
    [InlineData("bsd-3-clause", "BSD-3-Clause")]
    [InlineData("LicenseRef-foo", null)]
    public void Canonical_id_uses_the_list_spelling(string id, string? expected)
    {
        Assert.Equal(expected, SpdxLicenseFacts.CanonicalId(id));
    }

    [Theory]
    [InlineData("GPL-2.0", "GPL-2.0-only")]
    [InlineData("GPL-2.0+", "GPL-2.0-or-later")]
    [InlineData("lgpl-2.1+", "LGPL-2.1-or-later")]
    [InlineData("AGPL-3.0", "AGPL-3.0-only")]
    [InlineData("GFDL-1.3", "GFDL-1.3-only")]
    [InlineData("GPL-2.0-only", null)]
    [InlineData("MIT", null)]
    [InlineData("wxWindows", null)]
    public void Deprecated_gnu_ids_have_a_replacement(string id, string? expected)
    {
        Assert.Equal(expected, SpdxLicenseFacts.ReplacementForDeprecated(id));
    }

    [Fact]
    public void Exceptions_are_known_separately()
    {
        Assert.True(SpdxLicenseFacts.IsException("classpath-exception-2.0"));
        Assert.Equal("LLVM-exception", SpdxLicenseFacts.CanonicalExceptionId("llvm-exception"));
        Assert.False(SpdxLicenseFacts.IsException("MIT"));
    }

    [Fact]
    public void Review_lists_every_license_id_with_its_facts()
    {
        var review = SpdxLicenseFacts.Review("(mit OR GPL-2.0+) AND LicenseRef-Acme WITH Classpath-exception-2.0 AND CC-BY-NC-4.0");

        Assert.Equal(["mit", "GPL-2.0+", "LicenseRef-Acme", "CC-BY-NC-4.0"], review.Select(r => r.Id));
        Assert.Equal(new SpdxIdReview("mit", true, true, false, null), review[0]);
        Assert.Equal(new SpdxIdReview("GPL-2.0+", true, true, true, "GPL-2.0-or-later"), review[1]);
        Assert.Equal(new SpdxIdReview("LicenseRef-Acme", false, false, false, null), review[2]);
        Assert.Equal(new SpdxIdReview("CC-BY-NC-4.0", true, false, false, null), review[3]);
    }

    [Fact]
    public void Or_later_operator_on_a_current_id_is_not_deprecated()
    {
        var review = Assert.Single(SpdxLicenseFacts.Review("Apache-2.0+"));

        Assert.True(review.IsKnown);
        Assert.True(review.IsOsiApproved);
        Assert.False(review.IsDeprecated);
        Assert.Null(review.Replacement);
    }
}
