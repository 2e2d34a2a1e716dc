using System.Text;
using System.Text.RegularExpressions;
using TrustCheck.Core.Models.Pickle;

namespace TrustCheck.Core.Models.Numpy;

/// <summary>
/// The .npy format: "\x93NUMPY", version, a Python-dict header (descr, fortran_order, shape), then the data. Object
/// arrays store their data as a pickle, which is walked like any other pickle.
/// </summary>
internal static partial class NpyFile
{
    public static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

    /// <summary>numpy itself refuses headers above 10 000 bytes unless told otherwise; allow some slack, no more.</summary>
    private const int MaxHeaderLength = 64 * 1024;

    public static bool HasMagic(ReadOnlySpan<byte> header) => header.Length >= 6 && header[..6].SequenceEqual(Magic);

    /// <summary>Reads one .npy from <paramref name="stream"/> (any position, forward-only), adding metadata and issues under <paramref name="location"/>.</summary>
    public static void Inspect(Stream stream, long length, string location, ModelInspection inspection, string metadataPrefix)
    {
        var prefix = ReadUpTo(stream, 10);
        if (prefix.Length < 10 || !HasMagic(prefix))
        {
            PickleFamily.AddUninspectable(inspection, location, "not a .npy array (no \\x93NUMPY magic and version)");
            return;
        }

        var major = prefix[6];
        int headerLength;
        var consumed = 10;
        if (major == 1)
        {
            headerLength = prefix[8] | (prefix[9] << 8);
        }
        else if (major is 2 or 3)
        {
            var more = ReadUpTo(stream, 2);
            if (more.Length < 2)
            {
                PickleFamily.AddUninspectable(inspection, location, ".npy header length is truncated");
                return;
            }

            headerLength = (int)Math.Min(BitConverter.ToUInt32(new[] { prefix[8], prefix[9], more[0], more[1] }), int.MaxValue);
            consumed = 12;
        }
        else
        {
            PickleFamily.AddUninspectable(inspection, location, $".npy format version {major} is unknown");
            return;
        }

        if (headerLength > MaxHeaderLength || headerLength > length - consumed)
        {
            PickleFamily.AddUninspectable(inspection, location, $".npy header declares {headerLength:N0} bytes, more than the file holds or {MaxHeaderLength:N0}");
            return;
        }

        var header = ReadUpTo(stream, headerLength);
        if (header.Length < headerLength)
        {
            PickleFamily.AddUninspectable(inspection, location, ".npy header is truncated");
            return;
        }

        var text = Encoding.UTF8.GetString(header);
        var descr = DescrPattern().Match(text);
        var shape = ShapePattern().Match(text);
        var fortran = FortranPattern().Match(text);
        if (!descr.Success || !shape.Success)
        {
            PickleFamily.AddUninspectable(inspection, location, ".npy header has no readable 'descr' or 'shape'");
            return;
        }

        var descrText = descr.Groups["descr"].Value.Trim();
        inspection.Metadata[metadataPrefix + "descr"] = descrText.Trim('\'', '"');
        inspection.Metadata[metadataPrefix + "shape"] = "(" + shape.Groups["shape"].Value.Trim() + ")";
        if (fortran.Success)
        {
            inspection.Metadata[metadataPrefix + "fortran_order"] = fortran.Groups["value"].Value;
        }

        if (!IsObjectDtype(descrText))
        {
            // An npz member longer than the archive read cap arrives capped: its length says nothing then.
            if (length < Zip.PickleArchive.MaxTotalPickleBytes
                && NpyDataLength.Shortfall(descrText, shape.Groups["shape"].Value, length - consumed - headerLength) is { } shortfall)
            {
                inspection.AddIssue(TrustCheck.Rules.RuleIds.ModelMalformed, $"{location}: {shortfall}. Re-download or re-export the file.");
            }

            return;
        }

        // dtype=object: numpy.save pickled the array's contents; np.load(allow_pickle=True) unpickles them.
        PickleFamily.AddFormatNotice(inspection, location, "an object-dtype numpy array");
        var remaining = length - consumed - headerLength;
        PickleFamily.AddScan(inspection, PickleScanner.Scan(stream, new PickleScanOptions { MaxBytes = Math.Max(0, remaining), Location = location }));
    }

    private static bool IsObjectDtype(string descr)
    {
        var normalized = descr.Replace("\"", "'");
        return normalized is "'|O'" or "'O'" or "'=O'" or "'<O'" or "'>O'" || normalized.Contains("'|O'") || normalized.Contains("'O'");
    }

    private static byte[] ReadUpTo(Stream stream, int count)
    {
        var buffer = new byte[count];
        var read = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        return read == count ? buffer : buffer[..read];
    }

    [GeneratedRegex(@"['""]descr['""]\s*:\s*(?<descr>'[^']*'|""[^""]*""|\[.*\])", RegexOptions.Singleline)]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\((?<shape>[^)]*)\)")]
    private static partial Regex ShapePattern();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(?<value>True|False)")]
    private static partial Regex FortranPattern();
}
