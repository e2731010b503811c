namespace Edge.Host.Cli;

/// <summary>
/// Stands in for a planned command so <c>edge --help</c> is complete; running it fails with
/// <c>edge: '&lt;cmd&gt;' is not built yet</c>. A real command of the same name replaces it.
/// </summary>
public sealed class PlaceholderCommand : Command
{
    public PlaceholderCommand(string name, string summary)
    {
        Name = name;
        Summary = summary;
    }

    public override string Name { get; }
    public override string Summary { get; }
    public override string Description => "This command is not built yet.";

    public override int Run(CommandContext context) => throw NotBuilt();

    public CliException NotBuilt() => new($"'{Name}' is not built yet");
}
