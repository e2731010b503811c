using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Edge.Host.Cli;

/// <summary>
/// <c>--help</c>: System.CommandLine's help for a command (usage, arguments, options with defaults); for
/// <c>edge</c> itself and for a group such as <c>edge bench</c>, the list of commands with their summaries,
/// since the two-word commands would otherwise hide behind their group.
/// </summary>
internal sealed class EdgeHelpAction(CommandTree tree) : SynchronousCommandLineAction
{
    private readonly HelpAction _commandHelp = new();

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        System.CommandLine.Command command = parseResult.CommandResult.Command;
        if (tree.Leaf(command) is not null) return _commandHelp.Invoke(parseResult);
        parseResult.InvocationConfiguration.Output.Write(GeneralHelp.Text(tree.InGroup(tree.PathOf(command))));
        return CliApp.Success;
    }
}
