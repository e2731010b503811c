namespace Edge.Host.Cli;

/// <summary>
/// Everything a running command gets: its parsed options, the output streams, cancellation
/// (Ctrl+C), and helpers that respect <c>--json</c> (stdout then carries exactly one JSON object).
/// </summary>
public sealed class CommandContext
{
    public CommandContext(ICommand command, ParsedOptions options, TextWriter stdout, TextWriter stderr,
                          bool stderrIsTerminal = false, CancellationToken cancellation = default)
    {
        Command = command;
        Options = options;
        Out = stdout;
        Error = stderr;
        StderrIsTerminal = stderrIsTerminal;
        Cancellation = cancellation;
    }

    public ICommand Command { get; }
    public ParsedOptions Options { get; }

    /// <summary>stdout: the command's result. Write through <see cref="Write"/> and <see cref="Say"/> so <c>--json</c> stays clean.</summary>
    public TextWriter Out { get; }

    /// <summary>stderr: progress and warnings.</summary>
    public TextWriter Error { get; }

    public bool StderrIsTerminal { get; }
    public CancellationToken Cancellation { get; }
    public bool Json => Options.Json;

    /// <summary>Prints the command's result: one JSON line with <c>--json</c>, otherwise <c>name: value</c> lines.</summary>
    public void Write(CommandResult result)
    {
        if (Json) Out.WriteLine(result.ToJson());
        else Out.Write(result.ToText());
        Out.Flush();
    }

    /// <summary>A line of human commentary on stdout; dropped with <c>--json</c>.</summary>
    public void Say(string line)
    {
        if (!Json) Out.WriteLine(line);
    }

    /// <summary>A warning on stderr, always shown: <c>edge: warning: ...</c>.</summary>
    public void Warn(string message) => Error.WriteLine("edge: warning: " + message);

    /// <summary>A progress bar on stderr, drawn only when stderr is a terminal.</summary>
    public Progress StartProgress(string label, long total) => new(label, total, Error, StderrIsTerminal);
}
