namespace Edge.Host.Cli;

/// <summary>
/// One <c>edge</c> command. To add a command, write a class implementing this interface (or
/// deriving from <see cref="Command"/>) and list it in <see cref="EdgeCommands"/>; System.CommandLine
/// parses its declared arguments and options and writes its help. For example:
/// <code>
/// public sealed class EvalCommand : Command
/// {
///     public override string Name => "eval";
///     public override string Summary => "measure the accuracy of a board or a model on a data set";
///     public override IReadOnlyList&lt;ArgumentSpec&gt; Arguments => [ArgumentSpec.Required("TARGET", "board or model")];
///     public override IReadOnlyList&lt;OptionSpec&gt; Options => [OptionSpec.Value("data", "SET", "data set", "digits")];
///     public override int Run(CommandContext context)
///     {
///         string target = context.Options.Argument("TARGET")!;
///         context.Write(new CommandResult { { "target", target }, { "accuracy", 0.96 } });
///         return 0;
///     }
/// }
/// </code>
/// </summary>
public interface ICommand
{
    /// <summary>The command's words, e.g. <c>"train"</c> or <c>"bench learn"</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>edge --help</c>.</summary>
    string Summary { get; }

    /// <summary>Extra help text printed under the usage line of <c>edge &lt;cmd&gt; --help</c>; may be empty.</summary>
    string Description { get; }

    /// <summary>Positional arguments, in order.</summary>
    IReadOnlyList<ArgumentSpec> Arguments { get; }

    /// <summary>Options besides the common <c>--json</c> and <c>--help</c>, which every command gets.</summary>
    IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>Runs the command and returns the exit code (0 = success). Throw <see cref="CliException"/> to fail.</summary>
    int Run(CommandContext context);
}

/// <summary>Convenience base: no arguments, no options, no description unless overridden.</summary>
public abstract class Command : ICommand
{
    public abstract string Name { get; }
    public abstract string Summary { get; }
    public virtual string Description => "";
    public virtual IReadOnlyList<ArgumentSpec> Arguments => [];
    public virtual IReadOnlyList<OptionSpec> Options => [];
    public abstract int Run(CommandContext context);
}
