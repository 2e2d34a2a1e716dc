namespace TrustCheck.Build;

/// <summary>
/// Applies $(TreatWarningsAsErrors) to TC warnings. MSBuild maps NoWarn and WarningsAsErrors onto task warnings by
/// itself, but TreatWarningsAsErrors only reaches the compiler; users expect it to cover TrustCheck as well, with the
/// compiler's precedence: NoWarn beats WarningsNotAsErrors beats TreatWarningsAsErrors.
/// </summary>
public sealed class WarningPromotion
{
    public static readonly WarningPromotion None = new(false, null, null);

    private readonly bool _treatWarningsAsErrors;
    private readonly HashSet<string> _notAsErrors;
    private readonly HashSet<string> _suppressed;

    public WarningPromotion(bool treatWarningsAsErrors, string? warningsNotAsErrors, string? noWarn)
    {
        _treatWarningsAsErrors = treatWarningsAsErrors;
        _notAsErrors = ParseCodes(warningsNotAsErrors);
        _suppressed = ParseCodes(noWarn);
    }

    public bool PromotesToError(string code) =>
        _treatWarningsAsErrors && !_notAsErrors.Contains(code) && !_suppressed.Contains(code);

    /// <summary>MSBuild code lists are separated by ';' (NoWarn also by ','), with stray spaces.</summary>
    private static HashSet<string> ParseCodes(string? list) =>
        new((list ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            StringComparer.OrdinalIgnoreCase);
}
