using System.Net;
using System.Net.Sockets;

namespace CloudOrchestra.Deploy.Tests;

/// <summary>
/// The agent's reserve-ports, against the real agent on this machine: a link's UDP port is chosen where it is free,
/// free meaning no socket here holds it and no other live deployment keeps it.
/// </summary>
public sealed class AgentPortTests
{
    /// <summary>A UDP socket holding a port the system chose, so that the test knows one port taken here.</summary>
    private static UdpClient Holder() => new(new IPEndPoint(IPAddress.Loopback, 0));

    private static int PortOf(UdpClient holder) => ((IPEndPoint)holder.Client.LocalEndPoint!).Port;

    /// <summary>A port no socket holds as the test starts: one the system gave out and took back.</summary>
    private static int FreePort()
    {
        using var holder = Holder();
        return PortOf(holder);
    }

    private static int[] PortsIn(string stdout)
    {
        Assert.StartsWith("ports ", stdout);
        return [.. stdout["ports ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];
    }

    [Fact]
    public async Task Free_ports_are_kept_as_asked()
    {
        await using var agent = new AgentDirectory("ports");
        int first = FreePort(), second = FreePort();
        var reply = await agent.Run("reserve-ports", "--exact", $"{first}", $"{second}");
        Assert.Equal((0, ""), (reply.ExitCode, reply.Stderr));
        Assert.Equal([first, second], PortsIn(reply.Stdout));
    }

    [Fact]
    public async Task A_port_a_socket_holds_is_replaced_by_a_free_one()
    {
        await using var agent = new AgentDirectory("ports");
        using var holder = Holder();
        var taken = PortOf(holder);

        var reply = await agent.Run("reserve-ports", $"{taken}", $"{taken}");

        Assert.Equal(0, reply.ExitCode);
        var ports = PortsIn(reply.Stdout);
        Assert.Equal(2, ports.Length);
        Assert.DoesNotContain(taken, ports);
        Assert.NotEqual(ports[0], ports[1]);
        foreach (var port in ports)
        {
            // throws where the port was not free
            using var bound = new UdpClient(new IPEndPoint(IPAddress.Any, port));
        }
    }

    [Fact]
    public async Task Exact_ports_fail_naming_the_one_taken()
    {
        await using var agent = new AgentDirectory("ports");
        using var holder = Holder();
        var taken = PortOf(holder);

        var reply = await agent.Run("reserve-ports", "--exact", $"{FreePort()}", $"{taken}");

        Assert.Equal(1, reply.ExitCode);
        Assert.Contains($"UDP port {taken} is taken", reply.Stderr);
        Assert.Equal("", reply.Stdout);
    }

    [Fact]
    public async Task What_one_deployment_keeps_another_does_not_get_until_it_stops()
    {
        await using var first = new AgentDirectory("ports");
        await using var second = new AgentDirectory("ports");
        var port = FreePort();
        Assert.Equal(0, (await first.Run("reserve-ports", "--exact", $"{port}")).ExitCode);

        var refused = await second.Run("reserve-ports", "--exact", $"{port}");
        var moved = await second.Run("reserve-ports", $"{port}");
        // a deployment's own reservation is no obstacle
        var again = await first.Run("reserve-ports", "--exact", $"{port}");
        await first.Run("stop");
        var freed = await second.Run("reserve-ports", "--exact", $"{port}");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"UDP port {port} is taken", refused.Stderr);
        Assert.Equal(0, moved.ExitCode);
        Assert.NotEqual(port, Assert.Single(PortsIn(moved.Stdout)));
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(0, freed.ExitCode);
        Assert.Equal([port], PortsIn(freed.Stdout));
    }

    [Fact]
    public async Task A_deployment_whose_directory_is_gone_keeps_nothing()
    {
        await using var second = new AgentDirectory("ports");
        var gone = new AgentDirectory("ports");
        var port = FreePort();
        Assert.Equal(0, (await gone.Run("reserve-ports", "--exact", $"{port}")).ExitCode);
        Assert.Equal(1, (await second.Run("reserve-ports", "--exact", $"{port}")).ExitCode);

        Directory.Delete(gone.Path, recursive: true);      // removed without a stop, as a machine's cleanup might
        var reply = await second.Run("reserve-ports", "--exact", $"{port}");

        Assert.Equal(0, reply.ExitCode);
        Assert.Equal([port], PortsIn(reply.Stdout));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("--help")]
    [InlineData("44x")]
    public async Task What_is_no_port_is_refused(string word)
    {
        await using var agent = new AgentDirectory("ports");
        var reply = await agent.Run("reserve-ports", word);
        Assert.Equal(1, reply.ExitCode);
        Assert.Contains($"'{word}' is no port", reply.Stderr);
    }
}
