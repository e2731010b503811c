using System.Globalization;

namespace Edge.Boards.Profiles;

/// <summary>
/// The checks a board profile's values must pass after System.Text.Json has read them (ranges, choices, lengths,
/// distinct pins); each failure names the file and the key, e.g. "x.json: inputs.noise_lsb: must be a number in [0, 1024], got -1".
/// </summary>
internal sealed class ProfileCheck(string source)
{
    public BoardProfileException Fail(string key, string problem) => new(source, key, problem);

    public string Text(string key, string value, int maxLength)
    {
        if (value.Trim().Length == 0) throw Fail(key, "must not be empty");
        if (value.Length > maxLength) throw Fail(key, $"must be at most {maxLength} characters, got {value.Length}");
        return value;
    }

    public T Choice<T>(string key, string value, IReadOnlyList<(string Name, T Value)> choices)
    {
        foreach ((string name, T choice) in choices)
            if (string.Equals(name, value, StringComparison.Ordinal)) return choice;
        throw Fail(key, $"must be one of {string.Join(" | ", choices.Select(c => '"' + c.Name + '"'))}, got \"{value}\"");
    }

    public long Integer(string key, long value, long min, long max) =>
        value >= min && value <= max ? value : throw Fail(key, $"must be an integer in [{min}, {max}], got {value}");

    public double Number(string key, double value, double min, double max)
    {
        if (value >= min && value <= max) return value;
        throw Fail(key, string.Create(CultureInfo.InvariantCulture, $"must be a number in [{min}, {max}], got {value}"));
    }

    public T Required<T>(string key, T? value) where T : struct => value ?? throw Fail(key, "missing required key");

    /// <summary>A key that only one kind of a choice takes is unknown for the others.</summary>
    public void OnlyFor<T>(string key, T? value, bool allowed, string kind) where T : struct
    {
        if (value is not null && !allowed) throw Fail(key, $"unknown key (not used by kind \"{kind}\")");
    }

    /// <summary>Absent, or a non-empty array of distinct integers in [min, max].</summary>
    public int[]? DistinctIntegers(string key, int[]? items, int min, int max)
    {
        if (items is null) return null;
        if (items.Length == 0) throw Fail(key, "must not be empty");
        for (int i = 0; i < items.Length; i++)
        {
            string itemKey = key + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            Integer(itemKey, items[i], min, max);
            for (int j = 0; j < i; j++)
                if (items[j] == items[i]) throw Fail(itemKey, $"duplicates {key}[{j}] ({items[i]})");
        }
        return items;
    }
}
