using System.Reflection;

namespace Edge.Host.Cli;

/// <summary>
/// The set of commands, in help order, and lookup by their words. <see cref="Discover"/> starts
/// from the planned commands (<see cref="Planned"/>, as placeholders) and lets every concrete
/// <see cref="ICommand"/> class of the edge assembly with a public parameterless constructor
/// replace the placeholder of its name (or join the list after them).
/// </summary>
public sealed class CommandCatalog
{
    /// <summary>The commands of the design, in the order <c>edge --help</c> lists them.</summary>
    public static IReadOnlyList<(string Name, string Summary)> Planned { get; } =
    [
        ("demo", "the whole job on simulated boards: train one, distill it into a replacement, compare"),
        ("board run", "serve a simulated board over TCP for other edge commands (tcp://127.0.0.1:PORT)"),
        ("boards", "list the board profiles and describe a board"),
        ("flash", "put a model (architecture, hyperparameters, initial weights) onto a board"),
        ("train", "train a board on a data set with its own on-device learning"),
        ("eval", "measure the accuracy of a board or a model on a data set"),
        ("weights get", "read a board's model image into a file"),
        ("weights put", "write a model image file onto a board"),
        ("teach", "train a float teacher with backprop and save it as ONNX"),
        ("distill", "train a board on a teacher model's soft targets at temperature T"),
        ("transfer", "move an old board's knowledge onto a replacement board"),
        ("fleet list", "every board on an MQTT broker: online, model, wear, accuracy"),
        ("fleet flash", "put a model on many boards of an MQTT broker in parallel"),
        ("fleet train", "train many boards of an MQTT broker in parallel"),
        ("fleet retire", "transfer a fleet board's knowledge to a spare and retire it"),
        ("fleet watch", "retire boards to spares before their end of life, as long as it runs"),
        ("bench learn", "compare learning rules (backprop, perturbation) on a data set"),
        ("bench kernels", "time the fixed-point kernels"),
        ("bench step", "time one training step against one forward pass"),
    ];

    private static readonly Lazy<CommandCatalog> DefaultCatalog = new(Discover);
    private readonly List<ICommand> _commands;

    public CommandCatalog(IEnumerable<ICommand> commands)
    {
        _commands = [];
        foreach (ICommand command in commands)
        {
            if (string.IsNullOrWhiteSpace(command.Name) || command.Name != string.Join(' ', Words(command.Name)))
                throw new InvalidOperationException($"bad command name '{command.Name}' (words separated by single spaces)");
            if (_commands.Any(c => c.Name == command.Name))
                throw new InvalidOperationException($"two commands are named '{command.Name}'");
            _commands.Add(command);
        }
    }

    /// <summary>The catalog of the edge tool (discovered once).</summary>
    public static CommandCatalog Default => DefaultCatalog.Value;

    public IReadOnlyList<ICommand> Commands => _commands;

    /// <summary>The planned placeholders, each replaced by the real command of its name found in the edge assembly.</summary>
    public static CommandCatalog Discover()
    {
        var real = typeof(CommandCatalog).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICommand).IsAssignableFrom(t)
                        && t.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is not null)
            .Select(t => (ICommand)Activator.CreateInstance(t)!)
            .ToList();
        return WithPlaceholders(real);
    }

    /// <summary>Planned commands in their order (real where given, placeholders otherwise), then the other real ones by name.</summary>
    public static CommandCatalog WithPlaceholders(IReadOnlyList<ICommand> real)
    {
        var duplicate = real.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"two commands are named '{duplicate.Key}'");
        var byName = real.ToDictionary(c => c.Name);
        var ordered = new List<ICommand>();
        foreach (var (name, summary) in Planned)
            ordered.Add(byName.Remove(name, out ICommand? command) ? command : new PlaceholderCommand(name, summary));
        ordered.AddRange(byName.Values.OrderBy(c => c.Name, StringComparer.Ordinal));
        return new CommandCatalog(ordered);
    }

    /// <summary>
    /// The command named by the longest run of leading words of <paramref name="args"/>
    /// (so <c>bench learn</c> wins over a hypothetical <c>bench</c>); null when none matches.
    /// </summary>
    public ICommand? Find(IReadOnlyList<string> args, out int wordCount)
    {
        ICommand? best = null;
        wordCount = 0;
        foreach (ICommand command in _commands)
        {
            string[] words = Words(command.Name);
            if (words.Length <= wordCount || words.Length > args.Count) continue;
            bool matches = true;
            for (int i = 0; i < words.Length && matches; i++) matches = args[i] == words[i];
            if (matches)
            {
                best = command;
                wordCount = words.Length;
            }
        }
        return best;
    }

    /// <summary>Commands whose name starts with the word <paramref name="group"/>, e.g. "bench" → bench learn, bench kernels...</summary>
    public IReadOnlyList<ICommand> InGroup(string group) =>
        _commands.Where(c => Words(c.Name) is { Length: > 1 } words && words[0] == group).ToList();

    internal static string[] Words(string name) => name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
