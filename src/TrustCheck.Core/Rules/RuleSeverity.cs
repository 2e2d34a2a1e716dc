namespace TrustCheck.Core.Rules;

/// <summary>Severity of a finding; <see cref="None"/> turns a rule off.</summary>
public enum RuleSeverity
{
    None = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
}

public static class RuleSeverityNames
{
    public static string ToName(this RuleSeverity severity) => severity switch
    {
        RuleSeverity.None => "none",
        RuleSeverity.Info => "info",
        RuleSeverity.Warning => "warning",
        _ => "error",
    };

    public static bool TryParse(string? text, out RuleSeverity severity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "none" or "off" or "silent": severity = RuleSeverity.None; return true;
            case "info" or "suggestion" or "message": severity = RuleSeverity.Info; return true;
            case "warning" or "warn": severity = RuleSeverity.Warning; return true;
            case "error": severity = RuleSeverity.Error; return true;
            default: severity = RuleSeverity.None; return false;
        }
    }
}
