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

    private const string NameBody = "[A-Za-z][A-Za-z0-9_-]{0,62}";

    /// <summary>The pattern of a name (a regular expression JavaScript reads alike), for the studio's page.</summary>
    public const string NamePatternText = "^" + NameBody + "$";

    /// <summary>The pattern of the names <see cref="IsReserved"/> refuses, for the studio's page.</summary>
    public const string ReservedPatternText =
        "^(jackd|system|orchestra-node|link[0-9]+|listen-.*|listen[0-9]+|.*-ready[0-9]+)$";

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    public static bool IsValidUser(string user) => UserPattern().IsMatch(user);

    /// <summary>
    /// An OSC address a block takes, in a manifest's controls and in <c>orchestra send</c> alike: no character OSC
    /// gives a meaning (pattern matching) and none a control surface's page would have to escape.
    /// </summary>
    public static bool IsOscAddress(string address) => OscAddressPattern().IsMatch(address);

    public const string OscAddressRule =
        "'/' and a name, such as \"/freq\" (letters, digits and _ - . / ; no spaces, no '#*,?[]{}')";

    /// <summary>
    /// A host name, an IPv4 address in four parts, or an IPv6 address; a link-local IPv6 address may name its interface
    /// after '%' (fe80::1%eth0), with an interface's name (letters, digits, '_', '.', '-', at most 15).
    /// </summary>
    public static bool IsValidAddress(string address)
    {
        if (HostnamePattern().IsMatch(address)) return true;
        var (ip, scope) = address.IndexOf('%') is var at and >= 0
            ? (address[..at], address[(at + 1)..])
            : (address, null);
        if (!IPAddress.TryParse(ip, out var parsed)) return false;
        if (parsed.AddressFamily == AddressFamily.InterNetwork) return scope is null && ip.Count(c => c == '.') == 3;
        return Ipv6Pattern().IsMatch(ip) && (scope is null || ScopePattern().IsMatch(scope));
    }

    /// <summary>
    /// Names the deployment gives its own processes and JACK clients on a machine, which no block may take.
    /// </summary>
    public static bool IsReserved(string blockName) => ReservedPattern().IsMatch(blockName);

    public const string ReservedRule =
        "the deployment's own processes and JACK clients are named jackd, system, orchestra-node, link1, link2, ..., "
            + "listen-BLOCK, listen1, ... and BLOCK-ready1, ...";

    /// <summary>
    /// Holds a character below space or DEL (a newline, a NUL...): no path or word a file, script or config can carry
    /// safely.
    /// </summary>
    public static bool HasControlCharacter(string text) => text.Any(char.IsControl);

    /// <summary>
    /// The text as a message or a comment shows it: control characters and Unicode's line and paragraph separators
    /// escaped (\n, \0, \x1b, \u2028), so that it stays on its one line in a terminal, a script or YAML.
    /// </summary>
    public static string Printable(string text) =>
        !text.Any(BreaksALine) ? text : string.Concat(text.Select(c => c switch
    {
        '\u2028' or '\u2029' => $"\\u{(int)c:x4}",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\0' => "\\0",
        _ when char.IsControl(c) => $"\\x{(int)c:x2}",
        _ => c.ToString(),
    }));

    // \z, not $: .NET's $ also matches before a final newline ("fm\n"); JavaScript's does not.
    [GeneratedRegex("^" + NameBody + @"\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.-]{0,31}\z")]
    private static partial Regex UserPattern();

    [GeneratedRegex(@"^(/[A-Za-z0-9_.\-]+)+\z")]
    private static partial Regex OscAddressPattern();

    private static bool BreaksALine(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    [GeneratedRegex(@"^[0-9A-Fa-f:.]+\z")]
    private static partial Regex Ipv6Pattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,15}\z")]
    private static partial Regex ScopePattern();

    [GeneratedRegex(ReservedPatternText)]
    private static partial Regex ReservedPattern();

    [GeneratedRegex(@"^(?=.{1,253}\z)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
        + @"(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\z")]
    private static partial Regex HostnamePattern();
}
