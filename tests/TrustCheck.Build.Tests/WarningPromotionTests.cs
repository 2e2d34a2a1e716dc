namespace TrustCheck.Build.Tests;

/// <summary>TreatWarningsAsErrors for TC warnings, with the compiler's precedence (MSBuild itself only applies it to csc).</summary>
public class WarningPromotionTests
{
    [Fact]
    public void Warnings_stay_warnings_by_default()
    {
        Assert.False(new WarningPromotion(false, null, null).PromotesToError("TC1002"));
    }

    [Fact]
    public void TreatWarningsAsErrors_promotes_every_TC_warning()
    {
        var promotion = new WarningPromotion(true, null, null);
        Assert.True(promotion.PromotesToError("TC1002"));
        Assert.True(promotion.PromotesToError("TC3001"));
    }

    [Theory]
    [InlineData("TC1002")]
    [InlineData("CS0168;TC1002")]
    [InlineData(" CS0168 ; tc1002 ")]
    public void WarningsNotAsErrors_keeps_a_code_a_warning(string warningsNotAsErrors)
    {
        var promotion = new WarningPromotion(true, warningsNotAsErrors, null);
        Assert.False(promotion.PromotesToError("TC1002"));
        Assert.True(promotion.PromotesToError("TC3001"));
    }

    [Theory]
    [InlineData("TC1002")]
    [InlineData("1701,1702,TC1002")]
    public void NoWarn_wins_over_TreatWarningsAsErrors(string noWarn)
    {
        Assert.False(new WarningPromotion(true, null, noWarn).PromotesToError("TC1002"));
    }
}
