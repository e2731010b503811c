using Edge.Host.Cli;

namespace Edge.Tests.Cli;

/// <summary>A command with every kind of option, which echoes what it parsed as its result.</summary>
internal sealed class EchoCommand : Command
{
    public override string Name => "bench learn";
    public override string Summary => "echo parsed options";
    public override IReadOnlyList<ArgumentSpec> Arguments => [ArgumentSpec.Required("TARGET", "where"), ArgumentSpec.Optional("OUT", "file")];
    public override IReadOnlyList<OptionSpec> Options =>
    [
        OptionSpec.Value("epochs", "N", "passes", "10"),
        OptionSpec.Value("lr", "RATE", "learning rate", "0.01"),
        OptionSpec.Value("hidden", "SIZES", "hidden layer sizes", "32"),
        OptionSpec.Value("name", "TEXT", "a name without default"),
        OptionSpec.Flag("verbose", "talk"),
    ];

    public override int Run(CommandContext context)
    {
        ParsedOptions o = context.Options;
        context.Say("echoing");
        context.Write(new CommandResult
        {
            { "target", o.Argument("TARGET") },
            { "out", o.Argument("OUT") },
            { "epochs", o.GetInt("epochs") },
            { "lr", o.GetDouble("lr") },
            { "hidden", o.GetIntList("hidden") },
            { "name", o.GetString("name", "none") },
            { "verbose", o.HasFlag("verbose") },
        });
        return 0;
    }
}

/// <summary>Fails in the ways commands fail.</summary>
internal sealed class FailCommand : Command
{
    public override string Name => "fail";
    public override string Summary => "throws what --kind says";
    public override IReadOnlyList<OptionSpec> Options => [OptionSpec.Value("kind", "KIND", "cli, io, bug, cancel", "cli")];

    public override int Run(CommandContext context) => context.Options.GetString("kind") switch
    {
        "cli" => throw new CliException("the board did not answer"),
        "io" => throw new FileNotFoundException("Could not find file '/nowhere/data.csv'."),
        "bug" => throw new InvalidOperationException("first line\nsecond line"),
        "cancel" => throw new OperationCanceledException(),
        _ => 3,
    };
}

/// <summary>A command of a two-word group that only says its name.</summary>
internal sealed class GroupedCommand(string name) : Command
{
    public override string Name => name;
    public override string Summary => "say " + name;
    public override int Run(CommandContext context)
    {
        context.Write(new CommandResult { { "name", Name } });
        return 0;
    }
}
