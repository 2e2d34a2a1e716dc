using System.Runtime.InteropServices;

namespace TrustCheck.Core.FileSystem;

/// <summary>
/// Says what a path is without opening it. Opening a FIFO blocks in open() until a writer appears, and a character device
/// such as /dev/zero never ends, so the kind must be known before any open. .NET's own file APIs cannot tell a FIFO or a
/// device from a file (FileAttributes has no such flag on Unix), hence stat: statx on Linux (one struct layout for every
/// architecture), stat on macOS.
/// </summary>
public static class FileKindProbe
{
    public static FileKind Probe(string path)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            try
            {
                return Unix(path);
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                // A libc without statx (glibc < 2.28): fall back to what .NET can tell.
            }
        }

        return Portable(path);
    }

    /// <summary>Windows (no FIFOs or devices behind ordinary paths) and the fallback: file, directory or missing.</summary>
    private static FileKind Portable(string path)
    {
        if (Directory.Exists(path))
        {
            return FileKind.Directory;
        }

        if (File.Exists(path))
        {
            return FileKind.Regular;
        }

        try
        {
            return new FileInfo(path).LinkTarget is null ? FileKind.Missing : FileKind.BrokenLink;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FileKind.Unknown;
        }
    }

    private static FileKind Unix(string path)
    {
        var buffer = new byte[256];
        int result;
        int mode;
        if (OperatingSystem.IsLinux())
        {
            result = Native.statx(AtFdCwd, path, flags: 0, StatxType, buffer);
            mode = BitConverter.ToUInt16(buffer, 28); // struct statx: stx_mode
        }
        else
        {
            result = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? Native.stat_x64_mac(path, buffer) : Native.stat(path, buffer);
            mode = BitConverter.ToUInt16(buffer, 4); // struct stat (64-bit inode): st_mode
        }

        if (result != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno switch
            {
                ELoopLinux when OperatingSystem.IsLinux() => FileKind.LinkLoop,
                ELoopMac when OperatingSystem.IsMacOS() => FileKind.LinkLoop,
                ENoEnt or ENotDir => new FileInfo(path).Exists || IsLink(path) ? FileKind.BrokenLink : FileKind.Missing,
                _ => FileKind.Unknown,
            };
        }

        return (mode & SIfmt) switch
        {
            SIfreg => FileKind.Regular,
            SIfdir => FileKind.Directory,
            SIfifo => FileKind.Fifo,
            SIfsock => FileKind.Socket,
            SIfchr => FileKind.CharacterDevice,
            SIfblk => FileKind.BlockDevice,
            _ => FileKind.Unknown,
        };
    }

    private static bool IsLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int ENoEnt = 2;
    private const int ENotDir = 20;
    private const int ELoopLinux = 40;
    private const int ELoopMac = 62;
    private const int SIfmt = 0xF000;
    private const int SIfifo = 0x1000;
    private const int SIfchr = 0x2000;
    private const int SIfdir = 0x4000;
    private const int SIfblk = 0x6000;
    private const int SIfreg = 0x8000;
    private const int SIfsock = 0xC000;

    private static class Native
    {
        [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code for a buffer we only read two bytes of
        public static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

        [DllImport("libc", SetLastError = true)]
        public static extern int stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

        [DllImport("libc", EntryPoint = "stat$INODE64", SetLastError = true)]
        public static extern int stat_x64_mac([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
#pragma warning restore SYSLIB1054
    }
}
