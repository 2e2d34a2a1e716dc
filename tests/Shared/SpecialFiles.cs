using System.Diagnostics;
using System.Net.Sockets;

namespace TrustCheck.Tests;

/// <summary>
/// Real special files for the "never hang" tests: FIFOs (mkfifo), sockets, links to devices, links that loop or lead
/// outside. Made with the OS's own tools, not simulated. FIFOs and sockets exist only on Unix.
/// </summary>
public static class SpecialFiles
{
    public static bool CanMakeFifo => !OperatingSystem.IsWindows();

    /// <summary>A named pipe: opening it for reading blocks until a writer appears, so any reader that opens it hangs.</summary>
    public static string Fifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0 && File.Exists(path), $"mkfifo {path} failed");
        return path;
    }

    /// <summary>A Unix domain socket bound at <paramref name="path"/>; .NET removes the socket file on dispose, so keep it until the test ends.</summary>
    public static IDisposable Socket(string path)
    {
        var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    public static string Link(string path, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
        return path;
    }

    /// <summary>A link that points at itself: stat fails with ELOOP.</summary>
    public static string LinkLoop(string path) => Link(path, Path.GetFileName(path));
}
