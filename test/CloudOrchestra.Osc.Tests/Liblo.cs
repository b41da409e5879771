using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CloudOrchestra.Osc.Tests;

/// <summary>liblo's own tools (Debian's liblo-tools), the reference our codec is held to.</summary>
internal static class Liblo
{
    /// <summary>
    /// The bytes <c>oscsend</c> makes of a message (it writes them to standard output for the URL "-").
    /// </summary>
    public static byte[] Send(params string[] args)
    {
        var start = new ProcessStartInfo("oscsend") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args.Prepend("-")) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        using var bytes = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(bytes);
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"oscsend {string.Join(' ', args)}: {errors}");
        return bytes.ToArray();
    }

    /// <summary><c>oscdump</c> listening on a UDP port of loopback, once it has the port.</summary>
    public sealed class Dump : IDisposable
    {
        private readonly Process process;

        public Dump()
        {
            using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
                Port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
            var start = new ProcessStartInfo("oscdump") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-L", $"{Port}" }) start.ArgumentList.Add(a);
            process = Process.Start(start)!;
            // Ready once the port is its: binding it here then fails.
            var deadline = Stopwatch.StartNew();
            while (CanBind(Port))
            {
                if (process.HasExited) Assert.Fail($"oscdump exited: {process.StandardError.ReadToEnd()}");
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "oscdump did not take its port in 10 s");
                Thread.Sleep(10);
            }
        }

        public int Port { get; }

        private static bool CanBind(int port)
        {
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        /// <summary>The next line oscdump prints.</summary>
        public string ReadLine()
        {
            var line = process.StandardOutput.ReadLineAsync();
            Assert.True(line.Wait(TimeSpan.FromSeconds(10)), "oscdump printed nothing in 10 s");
            return line.Result!;
        }

        public void Dispose()
        {
            process.Kill();
            process.WaitForExit();
            process.Dispose();
        }
    }
}
