using System.Net;
using System.Net.Sockets;

namespace CloudOrchestra.Node.Routing;

/// <summary>
/// A thread that takes every datagram a UDP socket receives and hands it on, until the node stops (and closes the
/// socket). A receive that fails while the node runs (an ICMP error for something sent earlier) is passed over.
/// </summary>
public static class DatagramLoop
{
    public static void Start(Socket socket, string name, CancellationToken stop,
        Action<ReadOnlySpan<byte>, IPEndPoint> take) =>
        new Thread(() => Run(socket, stop, take)) { IsBackground = true, Name = name }.Start();

    private static void Run(Socket socket, CancellationToken stop, Action<ReadOnlySpan<byte>, IPEndPoint> take)
    {
        var buffer = new byte[65536];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException) when (!stop.IsCancellationRequested)
            {
                continue;
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            take(buffer.AsSpan(0, length), (IPEndPoint)from);
        }
    }
}
