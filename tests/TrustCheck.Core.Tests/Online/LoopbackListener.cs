using System.Net;
using System.Net.Sockets;

namespace TrustCheck.Tests.Online;

/// <summary>What the loopback test servers (the NuGet feed, the Hugging Face hub) share: a free port and the accept loop.</summary>
public static class LoopbackListener
{
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Hands every request to <paramref name="serve"/> on its own task until the listener is closed.</summary>
    public static async Task AcceptUntilClosed(HttpListener listener, CancellationToken stopping, Func<HttpListenerContext, Task> serve)
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => serve(context));
        }
    }
}
