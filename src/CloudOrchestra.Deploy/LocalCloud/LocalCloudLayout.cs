using System.Text.RegularExpressions;

namespace CloudOrchestra.Deploy.LocalCloud;

/// <summary>
/// The names and addresses of a local cloud: a bridge <c>{prefix}0</c> at <c>{subnet}.1</c>, and per machine i a
/// network namespace and Linux user <c>{prefix}-node{i}</c> at <c>{subnet}.{10+i}</c>. The defaults
/// (<c>orch</c>, <c>10.77.0</c>) are what <c>orchestra init</c>'s hosts file names; <c>ORCHESTRA_CLOUD_PREFIX</c> and
/// <c>ORCHESTRA_CLOUD_SUBNET</c> choose others, so that tests never touch a musician's own cloud.
/// </summary>
public sealed partial record LocalCloudLayout(string Prefix, string Subnet)
{
    public const int MaxHosts = 200;
    public const string UserComment = "CloudOrchestra local cloud";

    public static LocalCloudLayout FromEnvironment()
    {
        var prefix = Environment.GetEnvironmentVariable("ORCHESTRA_CLOUD_PREFIX") is { Length: > 0 } p ? p : "orch";
        var subnet = Environment.GetEnvironmentVariable("ORCHESTRA_CLOUD_SUBNET") is { Length: > 0 } s ? s : "10.77.0";
        if (!PrefixPattern().IsMatch(prefix))
            throw new ArgumentException($"ORCHESTRA_CLOUD_PREFIX '{prefix}' must be 1 to 8 lower-case letters and "
                + "digits, starting with a letter");
        if (!SubnetPattern().IsMatch(subnet))
            throw new ArgumentException($"ORCHESTRA_CLOUD_SUBNET '{subnet}' must be the first three numbers of a "
                + "private 10.x.y.0/24 network, such as 10.77.0");
        return new LocalCloudLayout(prefix, subnet);
    }

    public string Bridge => $"{Prefix}0";
    public string BridgeAddress => $"{Subnet}.1";
    public string NodeName(int i) => $"node{i}";
    public string Namespace(int i) => $"{Prefix}-node{i}";
    public string User(int i) => $"{Prefix}-node{i}";
    public string Veth(int i) => $"{Prefix}-v{i}";
    public string Address(int i) => $"{Subnet}.{10 + i}";

    public string Directory => Path.Combine(StateDirectory.Root, "cloud", Prefix);
    public string IdentityFile => Path.Combine(Directory, "id_ed25519");
    public string KnownHostsFile => Path.Combine(Directory, "known_hosts");
    public string RecordFile => RecordFileOf(Prefix);

    /// <summary>
    /// Where the record of the cloud of this prefix is: a deployment on it looks there to learn whether it is still the
    /// same cloud.
    /// </summary>
    public static string RecordFileOf(string prefix) =>
        Path.Combine(StateDirectory.Root, "cloud", prefix, "cloud.json");
    public string NodeDirectory(int i) => Path.Combine(Directory, NodeName(i));

    /// <summary>The machine number of a namespace of this cloud, or null for any other namespace.</summary>
    public int? NodeNumberOf(string @namespace) =>
        @namespace.StartsWith($"{Prefix}-node", StringComparison.Ordinal)
            && int.TryParse(@namespace[$"{Prefix}-node".Length..], out var i)
            ? i
            : null;

    [GeneratedRegex(@"^[a-z][a-z0-9]{0,7}\z")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex(@"^10\.([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])"
        + @"\.([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$")]
    private static partial Regex SubnetPattern();
}
