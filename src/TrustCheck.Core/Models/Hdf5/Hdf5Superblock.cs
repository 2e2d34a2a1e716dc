using TrustCheck.Core.Models.Binary;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models.Hdf5;

/// <summary>
/// The checks the HDF5 library makes on the superblock before anything else (H5Fsuper.c): a known superblock version,
/// offset/length sizes it supports, and a stored end-of-file address the file really reaches. A file failing them
/// cannot be opened by h5py or Keras ("truncated file: eof = …, stored_eof = …").
/// </summary>
internal static class Hdf5Superblock
{
    private static readonly byte[] Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    public static void Check(Stream stream, string path, ModelInspection inspection)
    {
        var at = Find(stream);
        if (at is null)
        {
            return; // detection found the signature; a stream that changed since is not this check's business
        }

        var head = StreamBytes.ReadAt(stream, at.Value, 64);
        if (head.Length < 12)
        {
            Malformed(inspection, path, "the superblock is cut off after its signature");
            return;
        }

        var version = head[8];
        int offsetSize, baseAddressAt;
        switch (version)
        {
            case 0 or 1:
                offsetSize = head.Length > 13 ? head[13] : 0;
                baseAddressAt = version == 0 ? 24 : 28;
                break;
            case 2 or 3:
                offsetSize = head[9];
                baseAddressAt = 12;
                break;
            default:
                Malformed(inspection, path, $"its superblock version is {version}; the HDF5 library knows versions 0–3 and refuses the file (\"bad superblock version number\")");
                return;
        }

        if (offsetSize is 16 or 32)
        {
            return; // valid, but wider than any address this check compares
        }

        if (offsetSize is not (2 or 4 or 8))
        {
            Malformed(inspection, path, $"its superblock declares {offsetSize}-byte file addresses; the HDF5 library refuses the file (\"bad byte number in an address\")");
            return;
        }

        // Both layouts store base address, then one more address, then the end-of-file address.
        var eofAt = baseAddressAt + (2 * offsetSize);
        if (head.Length < eofAt + offsetSize)
        {
            Malformed(inspection, path, "the superblock is cut off before its end-of-file address");
            return;
        }

        var baseAddress = ReadAddress(head, baseAddressAt, offsetSize);
        var storedEof = ReadAddress(head, eofAt, offsetSize);
        if (storedEof is null || baseAddress is null)
        {
            return; // "undefined address": nothing recorded to compare
        }

        var length = stream.Length;
        if (storedEof.Value > (ulong)length + baseAddress.Value)
        {
            Malformed(inspection, path,
                $"its superblock records an end of file at {storedEof.Value:N0} bytes but the file has {length:N0}: it is truncated, and the HDF5 library (h5py, Keras) refuses it (\"truncated file: eof = {length}, stored_eof = {storedEof.Value}\")");
        }
    }

    private static long? Find(Stream stream)
    {
        for (long offset = 0; offset < stream.Length && offset <= 1L << 30; offset = offset == 0 ? 512 : offset * 2)
        {
            if (StreamBytes.StartsWith(StreamBytes.ReadAt(stream, offset, Signature.Length), 0, Signature))
            {
                return offset;
            }
        }

        return null;
    }

    /// <summary>A little-endian address of <paramref name="size"/> bytes; null for HDF5's "undefined address" (all bits set).</summary>
    private static ulong? ReadAddress(byte[] data, int offset, int size)
    {
        ulong value = 0;
        var allSet = true;
        for (var i = size - 1; i >= 0; i--)
        {
            value = (value << 8) | data[offset + i];
            allSet &= data[offset + i] == 0xFF;
        }

        return allSet ? null : value;
    }

    private static void Malformed(ModelInspection inspection, string path, string reason) =>
        inspection.AddIssue(RuleIds.ModelMalformed, $"{path}: {reason}. Re-download or re-export the file.");
}
