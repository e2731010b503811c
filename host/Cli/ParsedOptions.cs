using System.Globalization;

namespace Edge.Host.Cli;

/// <summary>
/// A command's parsed command line with typed getters. A getter without a fallback uses the
/// option's declared <see cref="OptionSpec.Default"/> and fails naming the option when there is
/// none; a getter with a fallback uses that instead. Asking for an undeclared option is a bug in
/// the command and throws <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class ParsedOptions
{
    private readonly ICommand _command;
    private readonly IReadOnlyDictionary<string, OptionSpec> _specs;
    private readonly IReadOnlyDictionary<string, string> _values;
    private readonly IReadOnlySet<string> _flags;

    internal ParsedOptions(ICommand command, IReadOnlyDictionary<string, OptionSpec> specs,
                           IReadOnlyDictionary<string, string> values, IReadOnlySet<string> flags,
                           IReadOnlyList<string> positionals)
    {
        _command = command;
        _specs = specs;
        _values = values;
        _flags = flags;
        Positionals = positionals;
    }

    /// <summary>The positional words in order (argument values).</summary>
    public IReadOnlyList<string> Positionals { get; }

    public bool Json => HasFlag(CommonOptions.Json.Name);

    public bool HasFlag(string name)
    {
        OptionSpec spec = Spec(name);
        if (!spec.IsFlag) throw new InvalidOperationException($"option --{name} of '{_command.Name}' is not a flag");
        return _flags.Contains(name);
    }

    /// <summary>True when the user gave option <paramref name="name"/> (rather than its default applying).</summary>
    public bool IsGiven(string name)
    {
        Spec(name);
        return _values.ContainsKey(name) || _flags.Contains(name);
    }

    /// <summary>The value of a positional argument by its declared name; null when an optional one is absent.</summary>
    public string? Argument(string name)
    {
        IReadOnlyList<ArgumentSpec> arguments = _command.Arguments;
        for (int i = 0; i < arguments.Count; i++)
        {
            if (arguments[i].Name == name)
                return i < Positionals.Count ? Positionals[i] : null;
        }
        throw new InvalidOperationException($"'{_command.Name}' declares no argument {name}");
    }

    /// <summary>All words taken by the trailing list argument.</summary>
    public IReadOnlyList<string> ArgumentList(string name)
    {
        IReadOnlyList<ArgumentSpec> arguments = _command.Arguments;
        int index = arguments.Count - 1;
        if (index < 0 || arguments[index].Name != name || !arguments[index].IsList)
            throw new InvalidOperationException($"'{_command.Name}' declares no list argument {name}");
        return Positionals.Skip(index).ToArray();
    }

    public string GetString(string name) => RawValue(name) ?? throw Missing(name);
    public string GetString(string name, string fallback) => RawValue(name) ?? fallback;
    public string? GetStringOrNull(string name) => RawValue(name);

    public int GetInt(string name) => ParseInt(name, GetString(name));
    public int GetInt(string name, int fallback) => RawValue(name) is { } text ? ParseInt(name, text) : fallback;

    public long GetLong(string name) => ParseLong(name, GetString(name));
    public long GetLong(string name, long fallback) => RawValue(name) is { } text ? ParseLong(name, text) : fallback;

    public double GetDouble(string name) => ParseDouble(name, GetString(name));
    public double GetDouble(string name, double fallback) => RawValue(name) is { } text ? ParseDouble(name, text) : fallback;

    /// <summary>A comma-separated list such as <c>--hidden 32,32</c>; an empty value is an empty list.</summary>
    public int[] GetIntList(string name) => ParseIntList(name, GetString(name));
    public int[] GetIntList(string name, int[] fallback) => RawValue(name) is { } text ? ParseIntList(name, text) : fallback;

    private string? RawValue(string name)
    {
        OptionSpec spec = Spec(name);
        if (spec.IsFlag) throw new InvalidOperationException($"option --{name} of '{_command.Name}' is a flag");
        return _values.TryGetValue(name, out string? value) ? value : spec.Default;
    }

    private OptionSpec Spec(string name) =>
        _specs.TryGetValue(name, out OptionSpec? spec)
            ? spec
            : throw new InvalidOperationException($"'{_command.Name}' declares no option --{name}");

    private static UsageException Missing(string name) => new($"option --{name} is required");

    private static int ParseInt(string name, string text) =>
        int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new UsageException($"option --{name}: '{text}' is not an integer");

    private static long ParseLong(string name, string text) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new UsageException($"option --{name}: '{text}' is not an integer");

    private static double ParseDouble(string name, string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new UsageException($"option --{name}: '{text}' is not a number");

    private static int[] ParseIntList(string name, string text)
    {
        if (text.Trim().Length == 0) return [];
        string[] parts = text.Split(',');
        var result = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result[i]))
                throw new UsageException($"option --{name}: '{text}' is not a comma-separated list of integers");
        }
        return result;
    }
}
