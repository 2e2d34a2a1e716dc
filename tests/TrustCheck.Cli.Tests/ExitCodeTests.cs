using TrustCheck.Cli;

namespace TrustCheck.Cli.Tests;

public class ExitCodeTests
{
    [Fact]
    public async Task Unknown_option_is_a_usage_error()
    {
        Assert.Equal(CliApp.ExitUsage, await CliApp.RunAsync(["check", "one", "two", "--no-such-option"]));
    }

    [Fact]
    public async Task Explain_of_unknown_rule_is_a_usage_error()
    {
        Assert.Equal(CliApp.ExitUsage, await CliApp.RunAsync(["explain", "TC0000"]));
    }
}
