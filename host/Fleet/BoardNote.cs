using System.Text;
using System.Text.Json;

namespace Edge.Host.Fleet;

/// <summary>
/// What the host tells a board to keep in its status (<c>edge/ID/note</c>, JSON): the last measured test accuracy
/// and its data set, a name for the model it carries, and whether it is retired (and to which board). Only the
/// fields present change; the host publishes it retained and complete (<see cref="Completed"/>), so a board that
/// restarts gets its notes back. A board takes a note only if it is at most <see cref="MaxBytes"/> of a JSON object with
/// these fields and sane values; anything else is dropped with the reason logged.
/// </summary>
public sealed record BoardNote
{
    public const int MaxBytes = 1024;
    private const int MaxText = 200;

    public double? TestAccuracy { get; init; }
    public string? Data { get; init; }
    public string? Model { get; init; }
    public bool? Retired { get; init; }
    public string? RetiredTo { get; init; }

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (TestAccuracy is double a) w.WriteNumber("test_accuracy", a);
            if (Data != null) w.WriteString("data", Data);
            if (Model != null) w.WriteString("model", Model);
            if (Retired is bool r) w.WriteBoolean("retired", r);
            if (RetiredTo != null) w.WriteString("retired_to", RetiredTo);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// This note with the fields it leaves out taken from the board's <paramref name="current"/> status: the host
    /// publishes notes retained, so the last one must say everything a restarted board should remember.
    /// </summary>
    public BoardNote Completed(BoardStatus? current) => current == null ? this : new BoardNote
    {
        TestAccuracy = TestAccuracy ?? current.TestAccuracy,
        Data = Data ?? current.Data,
        Model = Model ?? current.Model,
        Retired = Retired ?? current.Retired,
        RetiredTo = RetiredTo ?? current.RetiredTo,
    };

    /// <summary>The status with this note applied.</summary>
    public BoardStatus ApplyTo(BoardStatus status) => status with
    {
        TestAccuracy = TestAccuracy ?? status.TestAccuracy,
        Data = Data ?? status.Data,
        Model = Model ?? status.Model,
        Retired = Retired ?? status.Retired,
        RetiredTo = RetiredTo ?? status.RetiredTo,
    };

    /// <summary>Reads a note; null with the reason if the payload is not a valid one.</summary>
    public static BoardNote? TryParse(byte[] payload, out string? problem)
    {
        if (payload.Length > MaxBytes) { problem = $"oversized note ({payload.Length} bytes > {MaxBytes})"; return null; }
        try
        {
            using var doc = JsonDocument.Parse(payload);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) { problem = "malformed note (not a JSON object)"; return null; }
            var note = new BoardNote();
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "test_accuracy" when p.Value.ValueKind == JsonValueKind.Number && p.Value.GetDouble() is >= 0 and <= 100:
                        note = note with { TestAccuracy = p.Value.GetDouble() };
                        break;
                    case "data" when Text(p.Value) is { } data:
                        note = note with { Data = data };
                        break;
                    case "model" when Text(p.Value) is { } model:
                        note = note with { Model = model };
                        break;
                    case "retired" when p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                        note = note with { Retired = p.Value.GetBoolean() };
                        break;
                    case "retired_to" when p.Value.ValueKind == JsonValueKind.String && BoardId.IsValid(p.Value.GetString()):
                        note = note with { RetiredTo = p.Value.GetString() };
                        break;
                    default:
                        problem = $"malformed note (field '{p.Name}' unknown or out of range)";
                        return null;
                }
            }
            problem = null;
            return note;
        }
        catch (JsonException e)
        {
            problem = "malformed note (not JSON: " + e.Message + ")";
            return null;
        }
    }

    public override string ToString() => Encoding.UTF8.GetString(ToJson());

    private static string? Text(JsonElement e) =>
        e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 and <= MaxText } s && !s.Any(char.IsControl) ? s : null;
}
