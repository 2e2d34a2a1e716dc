using System.Buffers.Binary;
using System.Text;

namespace TrustCheck.Cli.Tests;

/// <summary>
/// Writes a safetensors file byte-exactly per the format (8-byte little-endian header length, JSON header padded with
/// spaces to 8 bytes, then the tensor bytes): one U8 tensor "weight" of <c>dataBytes</c> zero bytes. Large files are
/// sparse (SetLength), so a multi-GB model costs no disk space but is hashed in full like any file.
/// </summary>
public static class SafetensorsFile
{
    public static void Write(string path, long dataBytes)
    {
        var json = $"{{\"weight\":{{\"dtype\":\"U8\",\"shape\":[{dataBytes}],\"data_offsets\":[0,{dataBytes}]}}}}";
        var header = Encoding.UTF8.GetBytes(json.PadRight((json.Length + 7) / 8 * 8));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        file.Write(length);
        file.Write(header);
        file.SetLength(8 + header.Length + dataBytes);
    }
}
