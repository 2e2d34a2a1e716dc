using TrustCheck.Analyzers.Facts;

namespace TrustCheck.Analyzers.Checks;

/// <summary>
/// TC4002 for library methods that download a model themselves (Whisper.net's WhisperGgmlDownloader): the location is
/// the library's, recorded in the catalog's download column, so the argument only chooses which file arrives.
/// </summary>
internal static class LibraryDownloadCheck
{
    public static void Check(CallSite site, ProjectFacts? facts, DiagnosticSink sink)
    {
        var source = site.Api.Download;
        string why;
        if (HubReference.Parse(source) is { } hub)
        {
            if (hub.IsPinned)
            {
                return;
            }

            why = $"{site.Api.Library} {site.Api.Member} fetches it from the Hugging Face repository {hub.Repository} at '{hub.Revision}', a branch or tag, not a commit";
        }
        else if (source.Length == 0 || HubReference.HasDigest(source))
        {
            return;
        }
        else
        {
            why = $"{site.Api.Library} {site.Api.Member} fetches it from {source}, which names no commit or digest";
        }

        var model = site.Argument is null ? $"the default model of {site.Api.Member}" : site.Label;
        sink.Report(Descriptors.UnpinnedDownload, site.Location, model, why,
            "download the file once, declare it as a <TrustCheckModel> and lock it with 'trustcheck lock', then load it from that path");
    }
}
