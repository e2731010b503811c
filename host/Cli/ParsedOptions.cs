using System.CommandLine;
using System.Globalization;

namespace Edge.Host.Cli;

/// <summary>
/// A command's parsed command line (System.CommandLine's <see cref="ParseResult"/>) with typed getters by the
/// declared names. A getter without a fallback uses the option's declared <see cref="OptionSpec.Default"/> and
/// fails naming the option when there is none; a getter with a fallback uses that instead. Asking for an
/// undeclared option is a bug in the command and throws <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class ParsedOptions
{
    private readonly LeafCommand _leaf;
    private readonly ParseResult _parse;

    internal ParsedOptions(LeafCommand leaf, ParseResult parse)
    {
        _leaf = leaf;
        _parse = parse;
    }

    public bool Json => HasFlag(CommonOptions.Json.Name);

    public bool HasFlag(string name)
    {
        var (spec, option) = _leaf.Option(name);
        if (!spec.IsFlag) throw new InvalidOperationException($"option --{name} of '{_leaf.Command.Name}' is not a flag");
        return _parse.GetValue((Option<bool>)option);
    }

    /// <summary>True when the user gave option <paramref name="name"/> (rather than its default applying).</summary>
    public bool IsGiven(string name) => _parse.GetResult(_leaf.Option(name).Option) is { Implicit: false };

    /// <summary>The value of a positional argument by its declared name; null when an optional one is absent.</summary>
    public string? Argument(string name) => _leaf.Argument(name) switch
    {
        Argument<string> single => _parse.GetValue(single),
        _ => throw new InvalidOperationException($"argument {name} of '{_leaf.Command.Name}' is a list"),
    };

    /// <summary>All words taken by the trailing list argument.</summary>
    public IReadOnlyList<string> ArgumentList(string name) =>
        _leaf.Argument(name) is Argument<string[]> list
            ? _parse.GetValue(list) ?? []
            : throw new InvalidOperationException($"'{_leaf.Command.Name}' declares no list argument {name}");

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
        var (spec, option) = _leaf.Option(name);
        if (spec.IsFlag) throw new InvalidOperationException($"option --{name} of '{_leaf.Command.Name}' is a flag");
        return _parse.GetValue((Option<string?>)option);
    }

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
