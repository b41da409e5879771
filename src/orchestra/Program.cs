using System.CommandLine;
using CloudOrchestra.Cli;
using CloudOrchestra.Cli.Commands;
using Spectre.Console;

if (Console.IsOutputRedirected)
{
    // Piped output is read by scripts and logs: no colour codes, and no wrapping at 80 columns.
    AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Out = new AnsiConsoleOutput(Console.Out),
    });
    AnsiConsole.Profile.Width = 200;
}

var root = new RootCommand(
    "CloudOrchestra: define a network of software synthesizers once, place it on machines, and play it")
{
    InitCommand.Create(),
    ValidateCommand.Create(),
    PlanCommand.Create(),
    UpCommand.Create(),
    GenerateCommand.Create(),
    ServeCommand.Create(),
    RenderCommand.Create(),
    StatusCommand.Create(),
    ListenCommand.Create(),
    SendCommand.Create(),
    ClockCommand.Create(),
    DownCommand.Create(),
    CloudCommand.Create(),
};
root.Options.Add(CommonOptions.Verbose);

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"orchestra: error: {error.Message}");
    Console.Error.WriteLine("Run 'orchestra --help' to see the commands and their options.");
    return ExitCodes.InvalidInput;
}
return await parse.InvokeAsync();
