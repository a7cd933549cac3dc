using System.Net;
using System.Net.Sockets;

namespace Microwasm.TestSupport;

/// <summary>The TCP port the connection samples (samples/connection) talk to: 127.0.0.1:7777.</summary>
internal static class SamplePort
{
    public const int Number = 7777;

    /// <summary>
    /// A listener on 127.0.0.1:7777. Other tests (in this and another test assembly, which may run
    /// at the same time) use it too, each for a few seconds: wait for it (up to two minutes) rather
    /// than fail.
    /// </summary>
    public static async Task<TcpListener> ListenAsync()
    {
        var deadline = Environment.TickCount64 + 120_000;
        while (true)
        {
            var listener = new TcpListener(IPAddress.Loopback, Number);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            try
            {
                listener.Start();
                return listener;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && Environment.TickCount64 < deadline)
            {
                listener.Dispose();
                await Task.Delay(200);
            }
        }
    }
}
