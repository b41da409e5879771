using System.CommandLine;
using CloudOrchestra.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CloudOrchestra.Cli.Commands;

/// <summary>
/// <c>orchestra serve [DIR] [--port P] [--host ADDRESS]</c>: the web studio for an orchestra. On loopback by default;
/// on any other address it prints a token that every API call must carry.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo?>("DIR")
            { Description = "The orchestra (default: this directory)", Arity = ArgumentArity.ZeroOrOne };
        var port = new Option<int>("--port")
            { Description = "The port (0: any free one)", DefaultValueFactory = _ => 5170 };
        var host = new Option<string>("--host")
            { Description = "The address to listen on; beyond loopback every API call needs the printed token",
                DefaultValueFactory = _ => "127.0.0.1" };
        var hosts = CommonOptions.Hosts();
        var command = new Command("serve",
            "Open the web studio: draw, place, deploy, watch and hear the orchestra in a browser")
            { directory, port, host, hosts };
        command.SetHandler(async (parse, cancel) =>
        {
            var dir = (parse.GetValue(directory)?.FullName ?? Directory.GetCurrentDirectory()).TrimEnd('/');
            var address = parse.GetValue(host)!;
            if (parse.GetValue(port) is < 0 or > 65535)
            {
                Console.Error.WriteLine("orchestra: error: --port must be from 0 to 65535");
                return ExitCodes.InvalidInput;
            }
            if (!StudioOptions.IsLoopback(address) && !System.Net.IPAddress.TryParse(address, out _))
            {
                Console.Error.WriteLine(
                    $"orchestra: error: --host '{address}' is not an IP address (use 0.0.0.0 for every address)");
                return ExitCodes.InvalidInput;
            }
            var token = StudioOptions.IsLoopback(address) ? null : StudioOptions.NewToken();
            var app = Studio.Build(
                new StudioOptions(dir, address, parse.GetValue(port), token, parse.GetValue(hosts)?.FullName));
            await app.StartAsync(cancel);
            var urls = app.Services.GetService(typeof(IServer)) is IServer server
                ? server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []
                : [];
            Console.WriteLine($"CloudOrchestra studio for {dir}: {string.Join(", ", urls)} (Ctrl-C stops)");
            if (token is not null)
            {
                Console.WriteLine(
                    $"Listening beyond this computer: every API call needs 'Authorization: Bearer {token}'");
                Console.WriteLine($"Token: {token}");
            }
            Console.Out.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, cancel);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C
            }
            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Success;
        });
        return command;
    }
}
