using System.Xml;
using System.Xml.Linq;
using TrustCheck.Core.FileSystem;

namespace TrustCheck.Core.Declarations;

/// <summary>One element of an MSBuild file with where it starts (1-based line and column of its '&lt;').</summary>
internal sealed record DeclaredElement(string File, string Name, int Line, int Column, XElement Element)
{
    public string? Attribute(string name) =>
        Element.Attributes().FirstOrDefault(a => a.Name.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;

    /// <summary>An attribute, or the child element MSBuild also accepts for item metadata (&lt;Version&gt;1.0&lt;/Version&gt;).</summary>
    public string? Metadata(string name) =>
        Attribute(name) ?? Element.Elements().FirstOrDefault(e => e.Name.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;

    /// <summary>Include (or Update) split on ';' the way MSBuild splits item specs; trimmed, empty parts dropped.</summary>
    public IEnumerable<string> ItemSpecs(string attribute) =>
        (Attribute(attribute) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// Reads MSBuild files (project, Directory.*.props/targets) with line information, only to point findings at lines.
/// Bounded and safe: size cap, no DTD, no external resolution; an unreadable or malformed file yields nothing.
/// </summary>
internal static class MsBuildXml
{
    /// <summary>Project files are kilobytes; anything far bigger is not worth reading just for a line number.</summary>
    private const long MaxBytes = 4L * 1024 * 1024;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersInDocument = MaxBytes,
        CloseInput = true,
    };

    /// <summary>
    /// Parsed files that every project of a solution imports (Directory.Packages.props, Directory.Build.props), by path,
    /// size and write time: a build node reads each once. A project's own file is read by that project only.
    /// </summary>
    private static readonly BoundedMemo<XDocument?> SharedFiles = new(256, StringComparer.Ordinal);

    /// <summary>The item elements named <paramref name="itemNames"/> anywhere in the file (ItemGroups, Targets, Choose/When).</summary>
    /// <param name="shared">A file other projects import too: keep it parsed for them (it is never changed after loading).</param>
    public static IReadOnlyList<DeclaredElement> Items(string file, IReadOnlySet<string> itemNames, bool shared = false)
    {
        var document = shared ? LoadShared(file) : Load(file);
        if (document?.Root is not { } root)
        {
            return [];
        }

        var items = new List<DeclaredElement>();
        foreach (var element in root.Descendants())
        {
            if (itemNames.Contains(element.Name.LocalName))
            {
                var info = (IXmlLineInfo)element;
                // LinePosition is where the name starts; the element (and an editor's caret) starts at '<', one before.
                items.Add(new DeclaredElement(file, element.Name.LocalName, info.LineNumber, Math.Max(1, info.LinePosition - 1), element));
            }
        }

        return items;
    }

    /// <summary>The nearest file named <paramref name="fileName"/> in <paramref name="directory"/> or above, as MSBuild imports Directory.*.props.</summary>
    public static string? FindUp(string directory, string fileName)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            var candidate = Path.Combine(current.FullName, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static XDocument? LoadShared(string file)
    {
        try
        {
            return File.Exists(file) ? SharedFiles.GetOrAdd(RegularFile.Inspect(file).Identity, _ => Load(file)) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static XDocument? Load(string file)
    {
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists || info.Length > MaxBytes)
            {
                return null;
            }

            using var reader = XmlReader.Create(RegularFile.OpenRead(file), Settings);
            return XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or XmlException)
        {
            return null;
        }
    }
}
