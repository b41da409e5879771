using System.Net;
using System.Runtime.InteropServices;
using CloudOrchestra.Node.Config;
using CloudOrchestra.Node.Diagnostics;
using CloudOrchestra.Node.Peers;
using CloudOrchestra.Node.Roles;

namespace CloudOrchestra.Node;

/// <summary>
/// orchestra-node: conducts (on the listener) or serves (on every machine that runs blocks) until it is told to stop
/// (SIGTERM, SIGINT). docs/node-protocol.md says what it speaks.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var log = Console.Error;
        var arguments = NodeArguments.TryParse(args, out var error);
        var config = arguments is null ? null : NodeConfig.TryLoad(arguments.Config, out error);
        var secret = config is null ? null : DeploymentSecret.TryRead(config.Deployment, arguments!.Secret, out error);
        if (secret is null)
        {
            NodeLog.Line(log, error!);
            return 2;
        }
        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var interrupt =
            PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        try
        {
            IDisposable node;
            if (arguments!.Conducts)
            {
                var conductor = new Conductor(config!, secret, arguments.Allowed, log);
                node = conductor;
                conductor.Start(new IPEndPoint(arguments.OscAddress, arguments.OscPort), arguments.Peers, stop.Token);
            }
            else
            {
                var machine = new MachineNode(config!, secret, log);
                node = machine;
                machine.Start(arguments.PeerPort, arguments.LocalPort, stop.Token);
            }
            using (node)
            {
                stop.Token.WaitHandle.WaitOne();
            }
            NodeLog.Line(log, "stopped");
            return 0;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            NodeLog.Line(log, $"cannot listen: {e.Message}");
            return 1;
        }
    }
}
