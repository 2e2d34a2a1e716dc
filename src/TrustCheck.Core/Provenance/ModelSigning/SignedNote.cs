using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>A transparency log checkpoint in signed-note form: origin, tree size, root hash, blank line, signature lines.</summary>
internal sealed record SignedNote(string Text, long TreeSize, byte[] RootHash, IReadOnlyList<(string Name, byte[] KeyHint, byte[] Signature)> Signatures)
{
    public static SignedNote Parse(string envelope)
    {
        var split = envelope.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            throw new SignatureCheckFailedException("the Rekor checkpoint is not a signed note (no blank line before the signatures)");
        }

        var text = envelope[..(split + 1)];
        var lines = text.TrimEnd('\n').Split('\n');
        if (lines.Length < 3 ||
            !long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) ||
            !TryBase64(lines[2], out var rootHash))
        {
            throw new SignatureCheckFailedException("the Rekor checkpoint does not hold origin, tree size and root hash lines");
        }

        var signatures = new List<(string, byte[], byte[])>();
        foreach (var line in envelope[(split + 2)..].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "— <name> <base64(4-byte key hint || signature)>"
            var parts = line.Split(' ');
            if (parts.Length == 3 && parts[0] == "\u2014" && TryBase64(parts[2], out var blob) && blob.Length > 4)
            {
                signatures.Add((parts[1], blob[..4], blob[4..]));
            }
        }

        return new SignedNote(text, size, rootHash, signatures);
    }

    /// <summary>True when a signature line whose key hint is the log id's first 4 bytes verifies with the log key.</summary>
    public bool VerifyWith(ECDsa logKey, byte[] logId)
    {
        var data = Encoding.UTF8.GetBytes(Text);
        return Signatures.Any(s => s.KeyHint.AsSpan().SequenceEqual(logId.AsSpan(0, 4)) && EcdsaVerification.Verify(logKey, data, s.Signature));
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromBase64String(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
