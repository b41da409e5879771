namespace CloudOrchestra.Deployment;

/// <summary>A port of a JACK client, written <c>client:port</c> as jack_connect takes it.</summary>
public sealed record JackPort(string Client, string Port)
{
    public override string ToString() => $"{Client}:{Port}";

    /// <summary>A client's numbered ports, as an engine names them: <c>Numbered("lp", "input", 2)</c> is lp:input1, lp:input2;
    /// <paramref name="first"/>: the first port's number (1, or 0 for engines that count from 0).</summary>
    public static IReadOnlyList<JackPort> Numbered(string client, string prefix, int count, int first = 1) =>
        [.. Enumerable.Range(first, count).Select(i => new JackPort(client, $"{prefix}{i}"))];
}

/// <summary>One JACK connection to make on a machine.</summary>
public sealed record Wire(JackPort From, JackPort To);
