using System.Reflection;
using System.Text.Json;

namespace Edge.Host.Cli;

/// <summary>
/// Runs one <c>edge</c> command line: finds the command by its words, parses its options, runs it,
/// and turns every escaping exception into one line <c>edge: &lt;message&gt;</c> on stderr and a
/// non-zero exit code (2 for usage errors, 1 for failures, 130 when cancelled). Stack traces only
/// when <see cref="Debug"/> (env <c>EDGE_DEBUG=1</c>).
/// </summary>
public sealed class CliApp
{
    public const int Success = 0;
    public const int CancelledExitCode = 130;

    private readonly CommandCatalog _catalog;
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public CliApp(CommandCatalog catalog, TextWriter stdout, TextWriter stderr)
    {
        _catalog = catalog;
        _out = stdout;
        _error = stderr;
    }

    /// <summary>Show stack traces of errors.</summary>
    public bool Debug { get; init; }

    /// <summary>Whether stderr is a terminal (progress bars are drawn only then).</summary>
    public bool StderrIsTerminal { get; init; }

    public CancellationToken Cancellation { get; init; }

    /// <summary>The app on the process console; <c>EDGE_DEBUG=1</c> turns on stack traces.</summary>
    public static CliApp ForConsole(CancellationToken cancellation) =>
        new(CommandCatalog.Default, Console.Out, Console.Error)
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
            _error.Write(HelpWriter.General(_catalog));
            return UsageException.UsageExitCode;
        }
        if (args[0] is "--help" or "-h" || args is ["help"])
        {
            _out.Write(HelpWriter.General(_catalog));
            return Success;
        }
        if (args[0] == "--version")
        {
            _out.WriteLine("edge " + Version());
            return Success;
        }
        if (args[0] == "help")
        {
            _out.Write(HelpWriter.ForCommand(Resolve(args.Skip(1).ToList(), out _)));
            return Success;
        }

        ICommand command = Resolve(args, out int wordCount);
        var rest = args.Skip(wordCount).ToList();
        if (command is PlaceholderCommand placeholder && !rest.Contains("--help") && !rest.Contains("-h"))
            throw placeholder.NotBuilt();

        ParsedOptions options = OptionParser.Parse(command, rest);
        if (options.HasFlag(CommonOptions.Help.Name))
        {
            _out.Write(HelpWriter.ForCommand(command));
            return Success;
        }
        var context = new CommandContext(command, options, _out, _error, StderrIsTerminal, Cancellation);
        return command.Run(context);
    }

    private ICommand Resolve(IReadOnlyList<string> args, out int wordCount)
    {
        ICommand? command = _catalog.Find(args, out wordCount);
        if (command is not null) return command;
        if (args.Count == 0) throw new UsageException("which command? (see 'edge --help')");
        IReadOnlyList<ICommand> group = _catalog.InGroup(args[0]);
        if (group.Count > 0)
        {
            string choices = string.Join(", ", group.Select(c => c.Name));
            throw new UsageException(args.Count == 1
                ? $"'{args[0]}' needs a subcommand: {choices}"
                : $"unknown command '{args[0]} {args[1]}' (did you mean one of: {choices}?)");
        }
        if (args[0].StartsWith('-'))
            throw new UsageException($"unknown option '{args[0]}' before a command (see 'edge --help')");
        throw new UsageException($"unknown command '{args[0]}' (see 'edge --help')");
    }

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

    private static string Version() =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CliApp).Assembly.GetName().Version?.ToString() ?? "unknown";
}
