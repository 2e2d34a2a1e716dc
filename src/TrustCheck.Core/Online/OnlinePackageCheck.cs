using System.Globalization;
using NuGet.Configuration;
using NuGet.Versioning;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Core.Online;

/// <summary>
/// Online stage (opt-in): asks the project's configured v3 sources about every resolved package, fills
/// <see cref="PackageReport.Online"/> and raises TC2006/TC1005. Anything that keeps the look-ups from happening
/// (no online source, a failing source, the timeout) is one TC2007 info finding, never an error.
/// </summary>
public static class OnlinePackageCheck
{
    public static void Run(CheckContext context)
    {
        var projectDirectory = TrustCheckEngine.ProjectDirectory(context.Options);
        if (projectDirectory is null || context.Packages.Count == 0)
        {
            return;
        }

        var projectPath = context.Options.ProjectPath is { } p && File.Exists(p) ? Path.GetFullPath(p) : projectDirectory;
        var projectSubject = context.DisplayPath(projectPath);
        var location = new FindingLocation(projectSubject);

        IReadOnlyList<PackageSource> sources;
        try
        {
            sources = OnlineSources.For(projectDirectory);
        }
        catch (Exception ex) when (ex is NuGetConfigurationException or IOException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            Unavailable(context, projectSubject, location, $"its nuget.config could not be read ({ex.Message.Split('\n')[0].Trim()})");
            return;
        }

        if (sources.Count == 0)
        {
            Unavailable(context, projectSubject, location, "no http(s) v3 package source is configured for it (local folder and v2 sources have no online metadata)");
            return;
        }

        var packages = context.Packages.ToList();
        var result = OnlineLookup.Run(packages, sources, context.Options);
        var rules = new OnlineRules(context, location);
        for (var i = 0; i < packages.Count; i++)
        {
            if (result.Reports[i] is { } online)
            {
                packages[i].Online = online;
                rules.Evaluate(packages[i], online);
            }
        }

        foreach (var failure in result.Failures.Where(f => f.PackagesNotChecked > 0))
        {
            context.Findings.Add(RuleIds.OnlineLookupUnavailable, projectSubject,
                $"Online look-ups against {failure.Source} failed ({failure.Reason}), so {Packages(failure.PackagesNotChecked)} not checked in {projectSubject} for deprecation, vulnerabilities or license changes. The build is not affected; check the source's URL and credentials, or run again later.",
                location, new Dictionary<string, string> { ["source"] = failure.Source, ["reason"] = failure.Reason });
        }

        // Once per source, not per package: what it lacks leaves the same facts unknown for all of them.
        foreach (var (source, gaps) in result.Gaps.Where(g => g.Value.Any).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var answered = result.Reports.Count(r => r?.Source == source);
            if (answered == 0)
            {
                continue;
            }

            context.Findings.Add(RuleIds.OnlineLookupUnavailable, projectSubject,
                $"{source} has {gaps.Describe()}. Its answers for {answered} package(s) of {projectSubject} are used and cached as they are; deprecation and vulnerabilities were still checked.",
                location, new Dictionary<string, string>
                {
                    ["source"] = source,
                    ["reason"] = "missing-resources",
                    ["lacks"] = string.Join(",", new[] { gaps.LacksSearch ? "search" : null, gaps.LacksNuspec ? "nuspec" : null }.OfType<string>()),
                });
        }

        if (result.TimedOutPackages > 0)
        {
            var seconds = context.Options.OnlineTimeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
            context.Findings.Add(RuleIds.OnlineLookupUnavailable, projectSubject,
                $"Online look-ups did not finish within {seconds} s, so {Packages(result.TimedOutPackages)} not checked in {projectSubject} for deprecation, vulnerabilities or license changes. The build is not affected; answers that did arrive are cached, so the next run continues from there.",
                location, new Dictionary<string, string> { ["reason"] = "timeout", ["timeoutSeconds"] = seconds });
        }
    }

    private static void Unavailable(CheckContext context, string projectSubject, FindingLocation location, string why) =>
        context.Findings.Add(RuleIds.OnlineLookupUnavailable, projectSubject,
            $"Online checks of {projectSubject} were skipped: {why}. Deprecation, vulnerabilities and license changes of its packages were not checked; the offline checks still ran.",
            location, new Dictionary<string, string> { ["reason"] = why });

    /// <summary>"1 package was" / "3 packages were".</summary>
    private static string Packages(int count) => count == 1 ? "1 package was" : $"{count} packages were";
}
