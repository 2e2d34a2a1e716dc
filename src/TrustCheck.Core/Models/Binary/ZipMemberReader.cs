using System.IO.Compression;

namespace TrustCheck.Core.Models.Binary;

/// <summary>Reads one zip member into memory (stored or deflated), up to a cap on both the compressed and the inflated size.</summary>
internal static class ZipMemberReader
{
    public static byte[] Read(Stream stream, ZipMember member, int cap)
    {
        var header = StreamBytes.ReadAt(stream, member.LocalHeaderOffset, 30);
        if (header.Length < 30 || StreamBytes.U32(header, 0) != 0x04034B50)
        {
            throw new MalformedModelException($"zip member '{member.Name}' has no local header at offset {member.LocalHeaderOffset}");
        }

        var dataStart = member.LocalHeaderOffset + 30 + StreamBytes.U16(header, 26) + StreamBytes.U16(header, 28);
        if (member.CompressedSize > cap)
        {
            throw new MalformedModelException($"zip member '{member.Name}' is {member.CompressedSize} bytes compressed, over the {cap}-byte limit");
        }

        var compressed = StreamBytes.ReadAt(stream, dataStart, (int)member.CompressedSize);
        switch (member.Method)
        {
            case 0:
                return compressed;
            case 8:
                using (var inflater = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress))
                {
                    var output = new MemoryStream();
                    var buffer = new byte[81920];
                    int n;
                    while ((n = inflater.Read(buffer)) > 0)
                    {
                        if (output.Length + n > cap)
                        {
                            throw new MalformedModelException($"zip member '{member.Name}' inflates to more than {cap} bytes");
                        }

                        output.Write(buffer, 0, n);
                    }

                    return output.ToArray();
                }

            default:
                throw new MalformedModelException($"zip member '{member.Name}' uses unsupported compression method {member.Method}");
        }
    }
}
