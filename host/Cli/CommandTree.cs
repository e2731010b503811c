using System.CommandLine;
using System.CommandLine.Help;
using SclCommand = System.CommandLine.Command;

namespace Edge.Host.Cli;

/// <summary>
/// The System.CommandLine tree of the edge tool: each command's words become nested commands
/// ("bench learn" is <c>learn</c> under the group <c>bench</c>); a group alone asks for one of its commands.
/// </summary>
internal sealed class CommandTree
{
    private readonly Dictionary<SclCommand, LeafCommand> _leaves = [];
    private readonly Dictionary<SclCommand, string> _paths = [];

    public CommandTree(IReadOnlyList<ICommand> commands, Func<ICommand, ParsedOptions, int> run)
    {
        Commands = commands;
        Root = new RootCommand(GeneralHelp.Tagline) { HelpName = "edge" }; // not the host process (testhost, dotnet) in usage lines
        foreach (Option option in Root.Options)
        {
            if (option is HelpOption help) help.Action = new EdgeHelpAction(this);
            if (option is VersionOption version) version.Action = new VersionLineAction();
        }
        _paths[Root] = "";
        foreach (ICommand command in commands)
        {
            string[] words = command.Name.Split(' ');
            if (words.Any(w => w.Length == 0) || words.Any(w => w.StartsWith('-')))
                throw new InvalidOperationException($"bad command name '{command.Name}' (words separated by single spaces)");
            SclCommand parent = Root;
            for (int i = 0; i < words.Length - 1; i++) parent = Group(parent, string.Join(' ', words[..(i + 1)]));
            if (parent.Subcommands.Any(c => c.Name == words[^1]))
                throw new InvalidOperationException($"two commands are named '{command.Name}'");
            var leaf = new LeafCommand(command);
            leaf.Symbol.SetAction(parse => run(command, new ParsedOptions(leaf, parse)));
            parent.Add(leaf.Symbol);
            _leaves[leaf.Symbol] = leaf;
            _paths[leaf.Symbol] = command.Name;
        }
    }

    public RootCommand Root { get; }

    /// <summary>The edge commands, in help order.</summary>
    public IReadOnlyList<ICommand> Commands { get; }

    /// <summary>The edge command behind a parser command; null for the root and the groups.</summary>
    public LeafCommand? Leaf(SclCommand symbol) => _leaves.GetValueOrDefault(symbol);

    /// <summary>The words naming a parser command ("" for the root, "bench" for a group).</summary>
    public string PathOf(SclCommand symbol) => _paths[symbol];

    /// <summary>The edge commands under a group's words ("bench" → bench learn, bench kernels...).</summary>
    public IReadOnlyList<ICommand> InGroup(string path) =>
        Commands.Where(c => path.Length == 0 || c.Name.StartsWith(path + " ", StringComparison.Ordinal)).ToList();

    private int NeedsSubcommand(string path) =>
        throw new UsageException($"'{path}' needs a subcommand: {string.Join(", ", InGroup(path).Select(c => c.Name))}");

    private SclCommand Group(SclCommand parent, string path)
    {
        string word = path.Split(' ')[^1];
        SclCommand? group = parent.Subcommands.FirstOrDefault(c => c.Name == word);
        if (group is not null)
        {
            if (_leaves.ContainsKey(group)) throw new InvalidOperationException($"'{path}' is both a command and a group");
            return group;
        }
        group = new SclCommand(word, $"{word} commands");
        group.SetAction(_ => NeedsSubcommand(path));
        parent.Add(group);
        _paths[group] = path;
        return group;
    }
}
