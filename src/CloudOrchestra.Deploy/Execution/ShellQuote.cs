namespace CloudOrchestra.Deploy.Execution;

/// <summary>Quotes a word for a POSIX shell so that it reaches the program as exactly one argument.</summary>
public static class ShellQuote
{
    public static string Word(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "_-./:=@,+%".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";

    public static string Command(IEnumerable<string> argv) => string.Join(' ', argv.Select(Word));
}
