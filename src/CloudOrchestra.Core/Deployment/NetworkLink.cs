using CloudOrchestra.Model;

namespace CloudOrchestra.Deployment;

/// <summary>
/// A JackTrip link: the server on one machine, the client on another, both JACK clients named
/// <see cref="Name"/>. Audio the client sends into <c>Name:send_k</c> leaves the server at <c>Name:receive_k</c>,
/// and back. Each end binds its own UDP port, distinct from every other link's on that machine.
/// </summary>
/// <param name="Connection">The connection it carries; null for a link to the listener.</param>
/// <param name="ListenerBlock">For a link to the listener: the ADC or DAC block it serves.</param>
public sealed record NetworkLink(
    string Name,
    Connection? Connection,
    int Channels,
    string ServerMachine,
    string ServerAddress,
    int ServerPort,
    string ClientMachine,
    int ClientPort,
    Block? ListenerBlock = null)
{
    /// <summary>Carries the orchestra's output to the listener (a DAC's link).</summary>
    public bool IsHeard => ListenerBlock?.Module.Name == Module.DacName;

    public const string ConnectedLogText = "Received Connection from Peer";

    public JackPort Send(int channel) => new(Name, $"send_{channel}");

    public JackPort Receive(int channel) => new(Name, $"receive_{channel}");

    public IEnumerable<JackPort> Ports => Enumerable.Range(1, Channels).SelectMany(c => new[] { Send(c), Receive(c) });

    public IReadOnlyList<string> ServerCommand =>
        ["jacktrip", "-s", "-n", $"{Channels}", "-D", "-J", Name, "-B", $"{ServerPort}", "-P", $"{ClientPort}"];

    public IReadOnlyList<string> ClientCommand =>
        ["jacktrip", "-c", ServerAddress, "-n", $"{Channels}", "-D", "-J", Name, "-B", $"{ClientPort}", "-P",
            $"{ServerPort}"];
}
