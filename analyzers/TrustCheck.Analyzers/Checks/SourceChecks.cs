using System;
using TrustCheck.Analyzers.Catalogs;
using TrustCheck.Analyzers.Facts;

namespace TrustCheck.Analyzers.Checks;

/// <summary>Run-time downloads: TC4002 (not pinned) and TC4004 (license of what is downloaded).</summary>
internal static class SourceChecks
{
    private const string OllamaDigestMarker = "@sha256:";

    public static void CheckUrl(CallSite site, ProjectFacts? facts, DiagnosticSink sink)
    {
        if (site.Value is not { IsTail: false } value || !ModelPath.IsUrl(value.Text))
        {
            return;
        }

        if (HubReference.Parse(value.Text) is { } hub)
        {
            if (!hub.IsPinned)
            {
                ReportUnpinnedHub(site, hub, facts, sink);
            }

            LicenseCheck.CheckName(site, hub.Repository, facts, sink);
            return;
        }

        var path = StripQuery(value.Text);
        if (ModelFormatCatalog.ForPath(path) is null)
        {
            return; // Not a model download.
        }

        if (!HubReference.HasDigest(value.Text))
        {
            sink.Report(Descriptors.UnpinnedDownload, site.Location, value.Text, "the URL names no commit or digest",
                "download from a URL pinned to a commit or release digest, verify the file's SHA-256 before loading it, or ship the file with the app and lock it");
        }

        LicenseCheck.CheckName(site, ModelPath.FileName(path), facts, sink);
    }

    public static void CheckModelName(CallSite site, ProjectFacts? facts, DiagnosticSink sink)
    {
        if (site.Value is not { IsTail: false } value || value.Text.Trim().Length == 0)
        {
            return;
        }

        if (site.Api.Kind == ModelApiKind.ModelPull && value.Text.IndexOf(OllamaDigestMarker, StringComparison.OrdinalIgnoreCase) < 0)
        {
            var tag = value.Text.IndexOf(':') is var colon and >= 0 ? value.Text.Substring(colon + 1) : "latest";
            sink.Report(Descriptors.UnpinnedDownload, site.Location, value.Text,
                $"the tag '{tag}' can be re-pushed with other weights",
                "pull by digest (name@sha256:<digest>) or compare the digest that ShowModelAsync reports with one you reviewed");
        }

        if (RemoteReferenceCheck.Check(site, value.Text, facts, sink))
        {
            return;
        }

        LicenseCheck.CheckName(site, value.Text, facts, sink);
    }

    private static void ReportUnpinnedHub(CallSite site, HubReference hub, ProjectFacts? facts, DiagnosticSink sink)
    {
        var value = site.Value!;
        var why = $"revision '{hub.Revision}' is a branch or tag, not a commit";
        var locked = facts?.FindLockedHubRevision(hub.Repository, hub.File);
        if (locked is null)
        {
            sink.Report(Descriptors.UnpinnedDownload, site.Location, value.Text, why,
                $"replace '{hub.Revision}' with the 40-hex commit id you reviewed and record the file with 'trustcheck lock'");
            return;
        }

        var (locations, properties) = LiteralEdit.Create(value, hub.RevisionStart, hub.Revision.Length, locked.Revision,
            $"Pin to commit {locked.Revision.Substring(0, 7)} from trustcheck.lock.json");
        sink.Report(Descriptors.UnpinnedDownload, site.Location, locations, properties, value.Text, why,
            $"pin it to the commit recorded in trustcheck.lock.json ({locked.Revision})");
    }

    private static string StripQuery(string url)
    {
        var end = url.IndexOfAny(new[] { '?', '#' });
        return end < 0 ? url : url.Substring(0, end);
    }
}
