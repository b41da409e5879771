using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace CloudOrchestra.Model;

/// <summary>
/// What a name, address or user may look like. Names become JACK client names, file names and shell
/// words, so anything that could be read as an option or a shell character is refused up front.
/// </summary>
public static partial class Names
{
    public const string NameRule =
        "names must start with a letter and hold only letters, digits, '_' and '-', at most 63 characters";

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    public static bool IsValidUser(string user) => UserPattern().IsMatch(user);

    public static bool IsValidAddress(string address) =>
        HostnamePattern().IsMatch(address)
        || (IPAddress.TryParse(address, out var ip) && (ip.AddressFamily == AddressFamily.InterNetworkV6 || address.Count(c => c == '.') == 3));

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,62}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]{0,31}$")]
    private static partial Regex UserPattern();

    [GeneratedRegex(@"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostnamePattern();
}
