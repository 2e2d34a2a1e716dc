using TrustCheck.Core.Models.Numpy;

namespace TrustCheck.Core.Tests.Models;

public class PythonLiteralParserTests
{
    [Theory]
    [InlineData("{'a': 1}", "{'a': 1}")]
    [InlineData("{'a': (1,), }", "{'a': (1,)}")]
    [InlineData("('x' \"y\" u'z')", "'xyz'")]
    [InlineData("[1_000, -0x1f, 0o7, 0b11, 3L]", "[1000, -31, 7, 3, 3]")]
    [InlineData("(True, False, None, 1.5e-3)", "(True, False, None, 1.5e-3)")]
    [InlineData("'\\x41\\101\\u0041\\q'", "'AAA\\q'")]
    [InlineData("r'\\x41'", "'\\x41'")]
    [InlineData("{1, 2}", "{1, 2}")]
    [InlineData("( # comment\n 1 , \\\n 2 )", "(1, 2)")]
    [InlineData("'''tri'ple'''", "'tri'ple'")]
    public void Literal_reads_as_python_would(string text, string repr)
    {
        var value = PythonLiteralParser.Parse(text, out var error);

        Assert.Null(error);
        Assert.Equal(repr, value!.ToString());
    }

    [Theory]
    [InlineData("{'a': os.system}")]
    [InlineData("__import__('os')")]
    [InlineData("{'a': 1")]
    [InlineData("'abc")]
    [InlineData("'a' b'b'")]
    [InlineData("'\\x4'")]
    [InlineData("[1,,2]")]
    [InlineData("010")]
    [InlineData("1__0")]
    [InlineData("{'a': 1} junk")]
    public void Anything_literal_eval_rejects_is_an_error(string text)
    {
        Assert.Null(PythonLiteralParser.Parse(text, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Deep_nesting_is_bounded()
    {
        Assert.Null(PythonLiteralParser.Parse(new string('[', 10_000) + new string(']', 10_000), out var error));
        Assert.Contains("nested deeper", error);
    }
}
