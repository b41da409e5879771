namespace CloudOrchestra.Deployment;

/// <summary>A port of a JACK client, written <c>client:port</c> as jack_connect takes it.</summary>
public sealed record JackPort(string Client, string Port)
{
    public override string ToString() => $"{Client}:{Port}";
}

/// <summary>One JACK connection to make on a machine.</summary>
public sealed record Wire(JackPort From, JackPort To);
