namespace Edge.Host.Cli;

/// <summary>
/// A failure the user should read as one line, <c>edge: &lt;message&gt;</c>, with no stack trace.
/// Exit code 1 (a command failed); see <see cref="UsageException"/> for code 2.
/// </summary>
public class CliException : Exception
{
    public const int FailureExitCode = 1;

    public CliException(string message, int exitCode = FailureExitCode, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
    }

    /// <summary>The process exit code; never 0.</summary>
    public int ExitCode { get; }
}

/// <summary>The command line itself is wrong (unknown command or option, bad or missing value): exit code 2.</summary>
public sealed class UsageException : CliException
{
    public const int UsageExitCode = 2;

    public UsageException(string message) : base(message, UsageExitCode) { }
}
