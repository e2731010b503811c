using System.Globalization;
using System.Text.Json;

namespace Edge.Boards.Profiles;

/// <summary>
/// Strict, hand-written reading of one JSON object: every key must be read exactly once with the right
/// type and range, duplicates and leftovers are errors. Each failure names the file and the JSON path.
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly JsonElement _element;
    private readonly string _source;
    private readonly string _path;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public JsonObjectReader(JsonElement element, string source, string path)
    {
        _source = source;
        _path = path;
        if (element.ValueKind != JsonValueKind.Object)
            throw new BoardProfileException(source, path, $"must be an object, got {Describe(element)}");
        _element = element;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
            if (!seen.Add(property.Name)) throw Fail(property.Name, "duplicate key");
    }

    public string PathOf(string key) => _path.Length == 0 ? key : _path + "." + key;

    public BoardProfileException Fail(string key, string problem) => new(_source, PathOf(key), problem);

    public bool Has(string key) => _element.TryGetProperty(key, out _);

    /// <summary>Rejects every key that no Required/Optional call asked for.</summary>
    public void RejectUnknownKeys()
    {
        foreach (JsonProperty property in _element.EnumerateObject())
            if (!_read.Contains(property.Name)) throw Fail(property.Name, "unknown key");
    }

    public string RequiredString(string key, int maxLength)
    {
        JsonElement value = Required(key);
        if (value.ValueKind != JsonValueKind.String) throw Fail(key, $"must be a string, got {Describe(value)}");
        string text = value.GetString()!;
        if (text.Trim().Length == 0) throw Fail(key, "must not be empty");
        if (text.Length > maxLength) throw Fail(key, $"must be at most {maxLength} characters, got {text.Length}");
        return text;
    }

    public T RequiredChoice<T>(string key, IReadOnlyList<(string Name, T Value)> choices)
    {
        JsonElement value = Required(key);
        string names = string.Join(" | ", choices.Select(c => '"' + c.Name + '"'));
        if (value.ValueKind != JsonValueKind.String) throw Fail(key, $"must be one of {names}, got {Describe(value)}");
        string text = value.GetString()!;
        foreach ((string name, T choice) in choices)
            if (string.Equals(name, text, StringComparison.Ordinal)) return choice;
        throw Fail(key, $"must be one of {names}, got \"{text}\"");
    }

    public bool RequiredBool(string key)
    {
        JsonElement value = Required(key);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Fail(key, $"must be true or false, got {Describe(value)}"),
        };
    }

    public int RequiredInt(string key, int min, int max) => (int)ReadInteger(key, Required(key), min, max);

    public int? OptionalInt(string key, int min, int max) =>
        TryOptional(key, out JsonElement value) ? (int)ReadInteger(key, value, min, max) : null;

    public long? OptionalLong(string key, long min, long max) =>
        TryOptional(key, out JsonElement value) ? ReadInteger(key, value, min, max) : null;

    public double RequiredNumber(string key, double min, double max) => ReadNumber(key, Required(key), min, max);

    public double OptionalNumber(string key, double min, double max, double fallback) =>
        TryOptional(key, out JsonElement value) ? ReadNumber(key, value, min, max) : fallback;

    public JsonObjectReader RequiredObject(string key) => new(Required(key), _source, PathOf(key));

    public JsonObjectReader? OptionalObject(string key) =>
        TryOptional(key, out JsonElement value) ? new JsonObjectReader(value, _source, PathOf(key)) : null;

    /// <summary>A non-empty array of distinct integers in [min, max].</summary>
    public int[]? OptionalDistinctIntArray(string key, int min, int max)
    {
        if (!TryOptional(key, out JsonElement value)) return null;
        if (value.ValueKind != JsonValueKind.Array) throw Fail(key, $"must be an array of integers, got {Describe(value)}");
        int length = value.GetArrayLength();
        if (length == 0) throw Fail(key, "must not be empty");
        var items = new int[length];
        int i = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            string itemKey = key + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            items[i] = (int)ReadInteger(itemKey, item, min, max);
            for (int j = 0; j < i; j++)
                if (items[j] == items[i]) throw Fail(itemKey, $"duplicates {key}[{j}] ({items[i]})");
            i++;
        }
        return items;
    }

    private JsonElement Required(string key)
    {
        if (!_element.TryGetProperty(key, out JsonElement value)) throw Fail(key, "missing required key");
        _read.Add(key);
        return value;
    }

    private bool TryOptional(string key, out JsonElement value)
    {
        if (!_element.TryGetProperty(key, out value)) return false;
        _read.Add(key);
        return true;
    }

    private long ReadInteger(string key, JsonElement value, long min, long max)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long number))
            throw Fail(key, $"must be an integer in [{min}, {max}], got {Describe(value)}");
        if (number < min || number > max) throw Fail(key, $"must be an integer in [{min}, {max}], got {number}");
        return number;
    }

    private double ReadNumber(string key, JsonElement value, double min, double max)
    {
        string range = string.Create(CultureInfo.InvariantCulture, $"[{min}, {max}]");
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double number) || !double.IsFinite(number))
            throw Fail(key, $"must be a number in {range}, got {Describe(value)}");
        if (number < min || number > max)
            throw Fail(key, string.Create(CultureInfo.InvariantCulture, $"must be a number in {range}, got {number}"));
        return number;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "the string \"" + value.GetString() + "\"",
        JsonValueKind.Number => "the number " + value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString(),
    };
}
