using System.Collections.Generic;
using System.IO;

namespace TrustCheck.Analyzers.Catalogs;

/// <summary>Reads the tab-separated data files embedded in this assembly (Data/*.txt).</summary>
internal static class EmbeddedData
{
    /// <summary>The whole text of an embedded data file (the engine's JSON data is embedded under its own name).</summary>
    public static string ReadText(string fileName)
    {
        using var stream = typeof(EmbeddedData).Assembly.GetManifestResourceStream("TrustCheck.Analyzers.Data." + fileName)
            ?? throw new InvalidDataException("Missing embedded data file " + fileName);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Non-comment, non-empty lines split on tabs.</summary>
    public static List<string[]> ReadRows(string fileName)
    {
        using var stream = typeof(EmbeddedData).Assembly.GetManifestResourceStream("TrustCheck.Analyzers.Data." + fileName)
            ?? throw new InvalidDataException("Missing embedded data file " + fileName);
        using var reader = new StreamReader(stream);
        var rows = new List<string[]>();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            rows.Add(line.Split('\t'));
        }

        return rows;
    }

    public static string Field(string[] row, int index) => index < row.Length ? row[index].Trim() : "";
}
