using System.Text;
using TrustCheck.Core.Models.Pickle;

namespace TrustCheck.Core.Models.Numpy;

/// <summary>
/// The .npy format: "\x93NUMPY", version, a Python-dict header (descr, fortran_order, shape), then the data. Object
/// arrays store their data as a pickle, which is walked like any other pickle.
/// </summary>
internal static class NpyFile
{
    public static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

    /// <summary>numpy refuses headers above 10 000 bytes unless allow_pickle=True, which lifts the limit: past this one, fail closed.</summary>
    private const int MaxHeaderLength = 1024 * 1024;

    /// <summary>numpy.lib.format's _MAX_HEADER_SIZE: numpy.load refuses longer headers unless allow_pickle or max_header_size says otherwise.</summary>
    private const int NumpyDefaultMaxHeaderSize = 10000;

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

        if (headerLength > length - consumed)
        {
            PickleFamily.AddUninspectable(inspection, location, $".npy header declares {headerLength:N0} bytes, more than the file holds");
            return;
        }

        if (headerLength > MaxHeaderLength)
        {
            // np.load(allow_pickle=True) reads such a header and may unpickle the data: not knowing is an error here.
            inspection.AddIssue(TrustCheck.Rules.RuleIds.ModelMalformed,
                $"{location}: .npy header is {headerLength:N0} bytes, over the {MaxHeaderLength:N0} TrustCheck reads, so whether its data is a pickle was not checked; " +
                "np.load(allow_pickle=True) would read it. Re-save the array with numpy.save, or treat the file as untrusted.",
                new Dictionary<string, string>(StringComparer.Ordinal) { ["problem"] = "header too large" }, TrustCheck.Core.Rules.RuleSeverity.Error);
            return;
        }

        var header = ReadUpTo(stream, headerLength);
        if (header.Length < headerLength)
        {
            PickleFamily.AddUninspectable(inspection, location, ".npy header is truncated");
            return;
        }

        if (headerLength > NumpyDefaultMaxHeaderSize)
        {
            // numpy.load(allow_pickle=False) refuses such a header by default; with allow_pickle it reads it, so the walk goes on.
            inspection.AddIssue(TrustCheck.Rules.RuleIds.ModelMalformed,
                $"{location}: .npy header is {headerLength:N0} bytes; numpy.load refuses headers over {NumpyDefaultMaxHeaderSize:N0} bytes unless max_header_size is raised (\"Header info length ... is large and may not be safe to load securely\"). Re-save with fewer fields, or load it only if you trust it.");
        }

        // numpy decodes version 1/2 headers as Latin-1 and version 3 as UTF-8, then ast.literal_eval's the dict.
        var text = major == 3 ? Encoding.UTF8.GetString(header) : Encoding.Latin1.GetString(header);
        var dict = PythonLiteralParser.Parse(text, out var error);
        if (dict is null)
        {
            PickleFamily.AddUninspectable(inspection, location, ".npy header is not a Python literal (" + error + ")");
            return;
        }

        var descr = dict.Lookup("descr");
        var shape = dict.Lookup("shape");
        if (descr is null || shape is null)
        {
            PickleFamily.AddUninspectable(inspection, location, ".npy header has no 'descr' or 'shape'");
            return;
        }

        inspection.Metadata[metadataPrefix + "descr"] = descr.IsString ? descr.Text! : descr.ToString();
        inspection.Metadata[metadataPrefix + "shape"] = shape.ToString();
        if (dict.Lookup("fortran_order") is { Kind: PythonLiteralKind.Bool } fortran)
        {
            inspection.Metadata[metadataPrefix + "fortran_order"] = fortran.Text!;
        }

        if (!NumpyDtype.HoldsObjects(descr))
        {
            // An npz member longer than the archive read cap arrives capped: its length says nothing then.
            if (length < Zip.PickleArchive.MaxTotalPickleBytes
                && NpyDataLength.Shortfall(descr.ToString(), shape.ToString().Trim('(', ')'), length - consumed - headerLength) is { } shortfall)
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

    private static byte[] ReadUpTo(Stream stream, int count)
    {
        var buffer = new byte[count];
        var read = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        return read == count ? buffer : buffer[..read];
    }
}
