using TrustCheck.Core.FileSystem;
using TrustCheck.Core.Models.ChatTemplates;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models;

/// <summary>What the model stage learned about one file.</summary>
internal sealed class InspectedModelFile
{
    public required string FullPath { get; init; }
    /// <summary>As shown in reports (relative to the working directory when under it).</summary>
    public required string DisplayPath { get; init; }
    /// <summary>The model folder this file belongs to; null for a single-file model.</summary>
    public string? FolderRoot { get; init; }
    public long Size { get; set; }
    /// <summary>Null when the file could not be read.</summary>
    public string? Sha256 { get; set; }
    public string Format { get; set; } = "unknown";
    public ModelInspection? Inspection { get; set; }
}

/// <summary>
/// One file: detect the format from content, hash it (through the cache), run the format's reader, and turn the reader's
/// issues into findings. Never throws: an unreadable file is TC3013, a reader crash is TC9004, and the rest goes on.
/// </summary>
internal static class ModelFileInspector
{
    /// <summary>Readers seek around headers; a modest buffer serves that without reading weights.</summary>
    private const int ReaderBufferSize = 64 * 1024;

    /// <remarks>Readers get the display path: they use it only in messages, and reports show paths relative to the working directory.</remarks>
    /// <returns>Null when the file turned out not to be a model (unknown content in a plain folder).</returns>
    public static InspectedModelFile? Inspect(string path, ModelUnit unit, CheckContext context, HashCache hashes)
    {
        var subject = unit.SubjectIn(context);
        var shown = context.DisplayPath(path);
        var location = new FindingLocation(shown);
        var result = new InspectedModelFile { FullPath = path, DisplayPath = shown, FolderRoot = unit.IsFolder ? unit.Path : null };

        RegularFile file;
        Stream stream;
        try
        {
            // Looked at before opening: a FIFO would block open() and a device would never end.
            file = RegularFile.Inspect(path);
            stream = file.OpenRead(FileOptions.RandomAccess, ReaderBufferSize);
            result.Size = file.Length;
        }
        catch (NotRegularFileException ex)
        {
            context.Findings.Add(RuleIds.ModelMalformed, subject,
                $"{shown}: {ex.Message}. Only regular files are inspected; replace it with the model file itself or remove it from the model items.",
                location, new Dictionary<string, string> { ["fileType"] = ex.Kind.Describe() });
            // Nothing was read, so there is nothing to lock, license or verify: the one finding says it all.
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            context.Findings.Add(RuleIds.ModelMalformed, subject,
                $"{shown}: the file could not be read ({ex.Message.Split('\n')[0].Trim()}), so it was not inspected. Check that it exists and is readable.",
                location);
            return result;
        }

        // A large file that will be reported (named explicitly, in a model folder, or with a model extension) is hashed on
        // another core while its format is detected and read; small or probably-dropped files are hashed inline below.
        using var backgroundHash = unit.KeepUnknown || ModelExtensionTable.IsModelExtension(path)
            ? BackgroundHash.StartIfLarge(hashes, file, context.Hashing?.ForFile(shown, result.Size))
            : null;
        using (stream)
        {
            DetectedFormat detected;
            try
            {
                detected = FormatDetector.Detect(stream, path);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Internal(context, subject, shown, "detecting the format", ex);
                detected = new DetectedFormat(ModelFormats.Unknown, "detection failed");
            }

            var issues = new List<ModelIssue>();
            if (FormatDetector.CheckExtension(shown, detected) is { } mismatch)
            {
                issues.Add(mismatch);
            }

            if (detected.Container is { } container && !detected.IsKnown && container != "zip")
            {
                // No reader can look inside (7z …): whatever it holds is unchecked, so fail closed.
                issues.Add(new ModelIssue(RuleIds.ModelMalformed,
                    $"{shown}: is a {container} archive, which TrustCheck cannot look inside, so any pickle or code in it is unchecked. "
                    + "Extract it with a trusted tool and scan the extracted files, or remove it.",
                    null, RuleSeverity.Error));
            }

            // tokenizer_config.json, chat_template.jinja, serving configs naming chat_template: loaders render them (TC3012), in any folder.
            if (!detected.IsKnown && ChatTemplateInspector.IsChatTemplateFile(stream, shown))
            {
                stream.Position = 0;
                issues.AddRange(ChatTemplateInspector.InspectFile(stream, shown));
            }

            if (!detected.IsKnown && issues.Count == 0 && !unit.KeepUnknown)
            {
                // Not a model and nothing wrong with it: a README or data file next to models in a scanned folder.
                return null;
            }

            result.Format = detected.Format;
            if (backgroundHash is null)
            {
                result.Sha256 = Hash(context, subject, shown, location, () => hashes.GetSha256(file, context.Hashing?.ForFile(shown, result.Size)));
            }

            if (ModelReaders.For(detected.Format) is { } reader)
            {
                try
                {
                    stream.Position = 0;
                    result.Inspection = reader.Inspect(stream, shown);
                    if (result.Inspection.Format is { Length: > 0 } format && format != ModelFormats.Unknown)
                    {
                        result.Format = format;
                    }

                    issues.AddRange(result.Inspection.Issues);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Internal(context, subject, shown, $"reading it as {detected.Format}", ex);
                }
            }

            if (backgroundHash is not null)
            {
                result.Sha256 = Hash(context, subject, shown, location, () => backgroundHash.Result);
            }

            foreach (var issue in issues)
            {
                Report(context, subject, shown, issue);
            }
        }

        if (file.ChangedSince(out var currentLength))
        {
            context.Findings.Add(RuleIds.ModelMalformed, subject,
                $"{shown}: changed size while it was read ({file.Length} bytes when inspected, {currentLength} now); only the first {file.Length} bytes were checked. Check it again when nothing is writing it.",
                location);
        }

        return result;
    }

    /// <summary>The file's SHA-256, or null with a finding when reading it failed.</summary>
    private static string? Hash(CheckContext context, string subject, string shown, FindingLocation location, Func<string> compute)
    {
        try
        {
            return compute();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Findings.Add(RuleIds.ModelMalformed, subject,
                $"{shown}: reading the file for its SHA-256 failed ({ex.Message.Split('\n')[0].Trim()}); it cannot be locked or compared with the lock.",
                location);
            return null;
        }
    }

    /// <summary>Reader issues name what they found; the finding also names the file so the message stands on its own.</summary>
    private static void Report(CheckContext context, string subject, string shown, ModelIssue issue)
    {
        var message = issue.Message.Contains(shown, StringComparison.Ordinal) || issue.Message.Contains(Path.GetFileName(shown), StringComparison.Ordinal)
            ? issue.Message
            : $"{shown}: {issue.Message}";
        context.Findings.Add(issue.RuleId, subject, message, new FindingLocation(shown), issue.Data, issue.Severity);
    }

    private static void Internal(CheckContext context, string subject, string shown, string step, Exception ex) =>
        context.Findings.Add(RuleIds.InternalError, subject,
            $"{shown}: internal error while {step}: {ex.GetType().Name}: {ex.Message.Split('\n')[0].Trim()}. The other files were still checked; please report this.",
            new FindingLocation(shown));
}
