using System.Collections.Generic;
using System.Linq;
using TrustCheck.Analyzers.Catalogs;
using TrustCheck.Analyzers.Facts;
using TrustCheck.Facts;

namespace TrustCheck.Analyzers.Checks;

/// <summary>TC4004: the model's license restricts use or the policy denies it.</summary>
internal static class LicenseCheck
{
    /// <summary>A loaded file: the lock's license wins; otherwise the model family guessed from the file name.</summary>
    public static void CheckPath(CallSite site, AnalyzerModelFact? declared, ProjectFacts? facts, DiagnosticSink sink)
    {
        if (declared is { License.Length: > 0 })
        {
            var denied = declared.Policy == "denied" || (facts?.IsDenied(declared.License) ?? false);
            Report(site, site.Value!.Text, declared.License, declared.License, declared.Restrictions, denied,
                "license recorded in trustcheck.lock.json", sink);
            return;
        }

        CheckName(site, ModelPath.FileName(site.Value!.Text), facts, sink);
    }

    /// <summary>A hub repo, Ollama name or file name: the license of its model family, when the family is known.</summary>
    public static void CheckName(CallSite site, string modelName, ProjectFacts? facts, DiagnosticSink sink)
    {
        if (ModelFamilyCatalog.Find(modelName) is not { } family)
        {
            return;
        }

        var denied = facts?.IsDenied(family.License) ?? false;
        Report(site, modelName, family.License, family.LicenseName, family.Restrictions, denied,
            $"license of the model family '{family.Pattern}'", sink);
    }

    private static void Report(CallSite site, string model, string license, string licenseName,
        IEnumerable<string> restrictions, bool denied, string source, DiagnosticSink sink)
    {
        var restrictionList = restrictions.ToList();
        if (!denied && restrictionList.Count == 0)
        {
            return;
        }

        var named = string.Equals(license, licenseName, System.StringComparison.OrdinalIgnoreCase) ? licenseName : $"{licenseName} ({license})";
        var verdict = denied
            ? "the project's policy denies"
            : "restricts use: " + string.Join(", ", restrictionList);
        sink.Report(Descriptors.RestrictedLicense, site.Location, model, named, verdict, $" ({source})");
    }
}
