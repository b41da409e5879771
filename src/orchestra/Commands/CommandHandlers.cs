using System.CommandLine;

namespace CloudOrchestra.Cli.Commands;

/// <summary>
/// Runs a command's body so that an unexpected failure reaches the user as one line and exit code 1;
/// the stack trace only with <c>--verbose</c>.
/// </summary>
internal static class CommandHandlers
{
    public static void SetHandler(this Command command, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancel) =>
        {
            try
            {
                return await body(parse, cancel);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                Console.Error.WriteLine("orchestra: cancelled");
                return ExitCodes.Failure;
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"orchestra: error: {e.Message}");
                if (parse.GetValue(CommonOptions.Verbose)) Console.Error.WriteLine(e);
                return ExitCodes.Failure;
            }
        });

    public static void SetHandler(this Command command, Func<ParseResult, int> body) =>
        command.SetHandler((parse, _) => Task.FromResult(body(parse)));
}
