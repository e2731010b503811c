using System.CommandLine;
using SclCommand = System.CommandLine.Command;

namespace Edge.Host.Cli;

/// <summary>
/// One edge command as System.CommandLine sees it: the <see cref="ICommand"/>, the parser's command, and the
/// parser's option and argument objects under the names the command declared (so the command can ask by name).
/// </summary>
internal sealed class LeafCommand
{
    private readonly Dictionary<string, (OptionSpec Spec, Option Option)> _options = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Argument> _arguments = new(StringComparer.Ordinal);

    public LeafCommand(ICommand command)
    {
        Command = command;
        string description = command.Description.Length > 0 ? command.Summary + "\n\n" + command.Description.TrimEnd() : command.Summary;
        Symbol = new SclCommand(command.Name.Split(' ')[^1], description);
        foreach (ArgumentSpec spec in command.Arguments)
        {
            Argument argument = ToArgument(spec);
            _arguments.Add(spec.Name, argument);
            Symbol.Add(argument);
        }
        foreach (OptionSpec spec in command.Options.Append(CommonOptions.Json))
        {
            if (_options.ContainsKey(spec.Name))
                throw new InvalidOperationException($"'{command.Name}' declares --{spec.Name} twice");
            Option option = ToOption(spec);
            _options.Add(spec.Name, (spec, option));
            Symbol.Add(option);
        }
    }

    public ICommand Command { get; }
    public SclCommand Symbol { get; }
    public IEnumerable<Argument> Arguments => _arguments.Values;
    public IEnumerable<OptionSpec> Flags => _options.Values.Where(o => o.Spec.IsFlag).Select(o => o.Spec);

    /// <summary>The declared option of this name; asking for an undeclared one is a bug in the command.</summary>
    public (OptionSpec Spec, Option Option) Option(string name) =>
        _options.TryGetValue(name, out var found)
            ? found
            : throw new InvalidOperationException($"'{Command.Name}' declares no option --{name}");

    public Argument Argument(string name) =>
        _arguments.TryGetValue(name, out Argument? found)
            ? found
            : throw new InvalidOperationException($"'{Command.Name}' declares no argument {name}");

    // Values stay text: ParsedOptions turns them into numbers with messages naming the option.
    private static Option ToOption(OptionSpec spec)
    {
        if (spec.IsFlag)
            return new Option<bool>("--" + spec.Name) { Description = spec.Help, Arity = ArgumentArity.Zero };
        var option = new Option<string?>("--" + spec.Name) { Description = spec.Help, HelpName = spec.ValueName };
        if (spec.Default is { } fallback) option.DefaultValueFactory = _ => fallback;
        return option;
    }

    private static Argument ToArgument(ArgumentSpec spec) => spec switch
    {
        { IsList: true } => new Argument<string[]>(spec.Name)
            { Description = spec.Help, Arity = spec.IsRequired ? ArgumentArity.OneOrMore : ArgumentArity.ZeroOrMore },
        { IsRequired: true } => new Argument<string>(spec.Name) { Description = spec.Help, Arity = ArgumentArity.ExactlyOne },
        _ => new Argument<string>(spec.Name) { Description = spec.Help, Arity = ArgumentArity.ZeroOrOne },
    };
}
