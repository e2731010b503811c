namespace Edge.Host.Cli;

/// <summary>
/// Parses the words after a command's name against its declared options and arguments:
/// <c>--name value</c>, <c>--name=value</c>, flags, <c>-h</c>, positionals, and <c>--</c> (every later
/// word is positional). A value option always takes the next word, so <c>--lr -0.1</c> works.
/// Unknown options, missing values, repeated options and missing or extra positionals are
/// <see cref="UsageException"/>s naming the culprit.
/// </summary>
public static class OptionParser
{
    public static ParsedOptions Parse(ICommand command, IReadOnlyList<string> words)
    {
        var specs = new Dictionary<string, OptionSpec>(StringComparer.Ordinal);
        foreach (OptionSpec spec in command.Options.Concat(CommonOptions.All))
            specs[spec.Name] = spec;

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var positionals = new List<string>();
        bool onlyPositionals = false;

        for (int i = 0; i < words.Count; i++)
        {
            string word = words[i];
            if (onlyPositionals || !LooksLikeOption(word))
            {
                positionals.Add(word);
                continue;
            }
            if (word == "--")
            {
                onlyPositionals = true;
                continue;
            }
            if (word == "-h")
            {
                flags.Add(CommonOptions.Help.Name);
                continue;
            }
            if (!word.StartsWith("--", StringComparison.Ordinal))
                throw new UsageException($"unknown option '{word}' for '{command.Name}' (options start with --)");

            string name = word[2..];
            string? inlineValue = null;
            int equals = name.IndexOf('=');
            if (equals >= 0)
            {
                inlineValue = name[(equals + 1)..];
                name = name[..equals];
            }
            if (!specs.TryGetValue(name, out OptionSpec? option))
                throw new UsageException($"unknown option --{name} for '{command.Name}' (see 'edge {command.Name} --help')");
            if (values.ContainsKey(name) || flags.Contains(name))
                throw new UsageException($"option --{name} is given more than once");

            if (option.IsFlag)
            {
                if (inlineValue is not null)
                    throw new UsageException($"option --{name} is a flag and takes no value");
                flags.Add(name);
                continue;
            }
            if (inlineValue is null)
            {
                if (i + 1 >= words.Count)
                    throw new UsageException($"option --{name} needs a value ({option.ValueName})");
                inlineValue = words[++i];
            }
            values[name] = inlineValue;
        }

        var parsed = new ParsedOptions(command, specs, values, flags, positionals);
        if (!parsed.HasFlag(CommonOptions.Help.Name))
            CheckPositionals(command, positionals);
        return parsed;
    }

    // "-" (stdin) and negative numbers are positionals, not options.
    private static bool LooksLikeOption(string word) =>
        word.Length > 1 && word[0] == '-' && !(char.IsDigit(word[1]) || word[1] == '.');

    private static void CheckPositionals(ICommand command, List<string> positionals)
    {
        IReadOnlyList<ArgumentSpec> arguments = command.Arguments;
        bool takesList = arguments.Count > 0 && arguments[^1].IsList;
        for (int i = 0; i < arguments.Count; i++)
        {
            if (arguments[i].IsRequired && positionals.Count <= i)
                throw new UsageException($"'{command.Name}' needs {arguments[i].Name} (see 'edge {command.Name} --help')");
        }
        if (!takesList && positionals.Count > arguments.Count)
            throw new UsageException($"unexpected argument '{positionals[arguments.Count]}' for '{command.Name}'");
    }
}
