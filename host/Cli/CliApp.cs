using System.CommandLine;
using System.Text.Json;

namespace Edge.Host.Cli;

/// <summary>
/// Runs one <c>edge</c> command line: System.CommandLine parses it against the commands' declared arguments and
/// options (and writes their help); the chosen command runs. Every escaping exception and every mistake in the
/// line becomes one line <c>edge: &lt;message&gt;</c> on stderr and a non-zero exit code (2 for usage errors,
/// 1 for failures, 130 when cancelled). Stack traces only when <see cref="Debug"/> (env <c>EDGE_DEBUG=1</c>).
/// </summary>
public sealed class CliApp
{
    public const int Success = 0;
    public const int CancelledExitCode = 130;

    // No @response files or -abc bundling: a target or a path may start with '@', and every option is a word.
    private static readonly ParserConfiguration Parsing = new() { EnablePosixBundling = false, ResponseFileTokenReplacer = null };

    private readonly IReadOnlyList<ICommand> _commands;
    private readonly CommandTree _tree;
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public CliApp(IReadOnlyList<ICommand> commands, TextWriter stdout, TextWriter stderr)
    {
        _commands = commands;
        _out = stdout;
        _error = stderr;
        _tree = new CommandTree(commands, RunCommand);
    }

    /// <summary>Show stack traces of errors.</summary>
    public bool Debug { get; init; }

    /// <summary>Whether stderr is a terminal (progress bars are drawn only then).</summary>
    public bool StderrIsTerminal { get; init; }

    public CancellationToken Cancellation { get; init; }

    /// <summary>The app on the process console; <c>EDGE_DEBUG=1</c> turns on stack traces.</summary>
    public static CliApp ForConsole(CancellationToken cancellation) =>
        new(EdgeCommands.All(), Console.Out, Console.Error)
        {
            Debug = Environment.GetEnvironmentVariable("EDGE_DEBUG") == "1",
            StderrIsTerminal = !Console.IsErrorRedirected,
            Cancellation = cancellation,
        };

    public int Run(IReadOnlyList<string> args)
    {
        try
        {
            return Dispatch(args);
        }
        catch (Exception error)
        {
            return Report(error);
        }
        finally
        {
            _out.Flush();
            _error.Flush();
        }
    }

    private int Dispatch(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            _error.Write(GeneralHelp.Text(_commands));
            return UsageException.UsageExitCode;
        }
        // "edge help bench learn" is "edge bench learn --help".
        if (args[0] == "help") args = [.. args.Skip(1), "--help"];

        ParseResult parse = _tree.Root.Parse(args, Parsing);
        if (parse.Action is not { ClearsParseErrors: true } && UsageMistake.Describe(parse, _tree, args) is { } mistake)
            throw new UsageException(mistake);
        return parse.Invoke(new InvocationConfiguration
        {
            Output = _out,
            Error = _error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null, // Program's Ctrl+C handler cancels; commands stop at a safe point
        });
    }

    private int RunCommand(ICommand command, ParsedOptions options) =>
        command.Run(new CommandContext(command, options, _out, _error, StderrIsTerminal, Cancellation));

    private int Report(Exception error)
    {
        int code;
        string message;
        switch (error)
        {
            case CliException cli:
                code = cli.ExitCode;
                message = cli.Message;
                break;
            case OperationCanceledException:
                code = CancelledExitCode;
                message = "cancelled";
                break;
            // Failures of the outside world that the user can act on (a file, a data set, a cache, a teacher, a
            // profile, the network): their one-line message names the file or address and says what is wrong.
            case IOException or UnauthorizedAccessException or FormatException or JsonException or TimeoutException
                or System.Net.Sockets.SocketException or InvalidDataException or Data.DataException
                or Teachers.TeacherException or Edge.Boards.Profiles.BoardProfileException:
                code = CliException.FailureExitCode;
                message = error.Message;
                break;
            default:
                code = CliException.FailureExitCode;
                message = $"internal error: {error.GetType().Name}: {error.Message}" +
                          (Debug ? "" : " (set EDGE_DEBUG=1 for the stack trace)");
                break;
        }
        _error.WriteLine("edge: " + OneLine(message));
        if (Debug) _error.WriteLine(error.ToString());
        return code;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
