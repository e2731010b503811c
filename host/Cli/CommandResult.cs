using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Edge.Host.Cli;

/// <summary>
/// What a command reports: named fields in the order they were added, printed either as one JSON
/// object (<c>--json</c>; names exactly as given, so give them in snake_case; numbers as numbers) or
/// as aligned <c>name: value</c> lines. Values may be null, bool, string, any integer or floating
/// type (non-finite floats become JSON null), <see cref="CommandResult"/> (nested object),
/// <see cref="ResultTable"/>, or a sequence of those. Other types are written by
/// <see cref="JsonSerializer"/>. Usable with a collection initializer:
/// <c>new CommandResult { { "accuracy", 0.95 }, { "epochs", 10 } }</c>.
/// </summary>
public sealed class CommandResult : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _fields = [];

    public int Count => _fields.Count;

    /// <summary>Appends a field; a name may appear only once.</summary>
    public CommandResult Add(string name, object? value)
    {
        foreach (var field in _fields)
        {
            if (field.Key == name) throw new ArgumentException($"result field '{name}' added twice", nameof(name));
        }
        _fields.Add(new(name, value));
        return this;
    }

    public object? this[string name] =>
        _fields.FirstOrDefault(f => f.Key == name) is { Key: not null } found
            ? found.Value
            : throw new KeyNotFoundException($"no result field '{name}'");

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _fields.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public string ToJson(bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            WriteJsonObject(writer, this);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public string ToText()
    {
        var text = new StringBuilder();
        AppendText(text, this, indent: "");
        return text.ToString();
    }

    // ---- JSON ----

    private static void WriteJsonObject(Utf8JsonWriter writer, CommandResult result)
    {
        writer.WriteStartObject();
        foreach (var field in result._fields)
        {
            writer.WritePropertyName(field.Key);
            WriteJsonValue(writer, field.Value);
        }
        writer.WriteEndObject();
    }

    private static void WriteJsonValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case string s: writer.WriteStringValue(s); break;
            case char c: writer.WriteStringValue(c.ToString()); break;
            case float f when !float.IsFinite(f): writer.WriteNullValue(); break;
            case float f: writer.WriteNumberValue(f); break;
            case double d when !double.IsFinite(d): writer.WriteNullValue(); break;
            case double d: writer.WriteNumberValue(d); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case sbyte or short or int or long: writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case byte or ushort or uint or ulong: writer.WriteNumberValue(Convert.ToUInt64(value, CultureInfo.InvariantCulture)); break;
            case Enum e: writer.WriteStringValue(e.ToString()); break;
            case CommandResult nested: WriteJsonObject(writer, nested); break;
            case ResultTable table: WriteJsonTable(writer, table); break;
            case IEnumerable sequence:
                writer.WriteStartArray();
                foreach (object? item in sequence) WriteJsonValue(writer, item);
                writer.WriteEndArray();
                break;
            default: JsonSerializer.Serialize(writer, value, value.GetType()); break;
        }
    }

    private static void WriteJsonTable(Utf8JsonWriter writer, ResultTable table)
    {
        writer.WriteStartArray();
        foreach (object?[] row in table.Rows)
        {
            writer.WriteStartObject();
            for (int c = 0; c < table.Columns.Count; c++)
            {
                writer.WritePropertyName(table.Columns[c]);
                WriteJsonValue(writer, row[c]);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    // ---- text ----

    private static void AppendText(StringBuilder text, CommandResult result, string indent)
    {
        int width = 0;
        foreach (var field in result._fields)
        {
            if (field.Value is not (CommandResult or ResultTable)) width = Math.Max(width, field.Key.Length);
        }
        foreach (var field in result._fields)
        {
            switch (field.Value)
            {
                case CommandResult nested:
                    text.Append(indent).Append(field.Key).Append(':').Append('\n');
                    AppendText(text, nested, indent + "  ");
                    break;
                case ResultTable table:
                    text.Append(indent).Append(field.Key).Append(':').Append('\n');
                    AppendTable(text, table, indent + "  ");
                    break;
                default:
                    text.Append(indent).Append((field.Key + ":").PadRight(width + 2)).Append(FormatScalar(field.Value)).Append('\n');
                    break;
            }
        }
    }

    private static void AppendTable(StringBuilder text, ResultTable table, string indent)
    {
        int columns = table.Columns.Count;
        var cells = new List<string[]> { table.Columns.ToArray() };
        foreach (object?[] row in table.Rows) cells.Add(row.Select(FormatScalar).ToArray());
        var widths = new int[columns];
        foreach (string[] row in cells)
        {
            for (int c = 0; c < columns; c++) widths[c] = Math.Max(widths[c], row[c].Length);
        }
        foreach (string[] row in cells)
        {
            text.Append(indent);
            for (int c = 0; c < columns; c++)
            {
                bool last = c == columns - 1;
                // Numbers right-aligned, words left-aligned, as a reader expects.
                string cell = IsNumeric(row[c]) ? row[c].PadLeft(widths[c]) : last ? row[c] : row[c].PadRight(widths[c]);
                text.Append(cell);
                if (!last) text.Append("  ");
            }
            text.Append('\n');
        }
    }

    private static bool IsNumeric(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>Human form of a value: floats to 6 significant digits, sequences comma-separated.</summary>
    public static string FormatScalar(object? value) => value switch
    {
        null => "-",
        bool b => b ? "yes" : "no",
        string s => s,
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        CommandResult nested => nested.ToJson(),
        IEnumerable sequence => string.Join(",", sequence.Cast<object?>().Select(FormatScalar)),
        _ => value.ToString() ?? "",
    };
}
