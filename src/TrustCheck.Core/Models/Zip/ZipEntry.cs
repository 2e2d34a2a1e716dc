namespace TrustCheck.Core.Models.Zip;

/// <summary>
/// One member as the central directory (and its local header) describe it. Names are data: never used as file paths.
/// Flags are recorded but not trusted: PyTorch ignores them, so a member "claiming" encryption may be stored in clear.
/// </summary>
internal sealed record ZipEntry(
    string Name,
    string? LocalName,
    ushort Flags,
    ushort Method,
    long CompressedSize,
    long UncompressedSize,
    long LocalHeaderOffset,
    long DataOffset)
{
    public const ushort Stored = 0;
    public const ushort Deflated = 8;

    public bool IsDirectory => Name.EndsWith('/') && CompressedSize == 0;

    public bool ClaimsEncryption => (Flags & 0x1) != 0 || (Flags & 0x40) != 0;

    /// <summary>
    /// Encrypted for real: traditional PKWARE encryption prepends a 12-byte header, so a stored member is 12 bytes
    /// larger than its content; a flag without that overhead is a lie meant to make scanners skip the member.
    /// </summary>
    public bool IsReallyEncrypted => ClaimsEncryption && (Method != Stored || CompressedSize == UncompressedSize + 12);

    /// <summary>The name differs between the local header and the central directory (a scanner-evasion trick).</summary>
    public bool HasConflictingNames => LocalName is not null && LocalName != Name;

    /// <summary>Names that would escape an extraction folder: "..", absolute paths, drive letters.</summary>
    public bool HasUnsafePath => UnsafePath(Name) || (LocalName is not null && UnsafePath(LocalName));

    public IEnumerable<string> Names => HasConflictingNames ? new[] { Name, LocalName! } : new[] { Name };

    private static bool UnsafePath(string name)
    {
        var normalized = name.Replace('\\', '/');
        return normalized.StartsWith('/') || (normalized.Length > 1 && normalized[1] == ':') ||
            normalized.Split('/').Any(part => part == "..");
    }
}
