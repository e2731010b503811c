using System.Text;
using System.Text.Json;

namespace Edge.Host.Fleet;

/// <summary>
/// What a board says about itself on its retained <c>edge/ID/status</c> topic, as JSON with these snake_case
/// names: identity (profile, serial, firmware and protocol version), its model (arch, algo, generation, samples
/// seen; <c>model</c> names it), wear (operations used and left, the profile's end of life), the host's last
/// measurement (test accuracy on a data set), whether it is retired, and whether it is online (its Last Will
/// publishes the same status with online false).
/// </summary>
public sealed record BoardStatus
{
    public required string Id { get; init; }
    public bool Online { get; init; }
    /// <summary>False once the board reached its end of life.</summary>
    public bool Alive { get; init; } = true;
    public string? Profile { get; init; }
    public uint? Serial { get; init; }
    public int? FirmwareVersion { get; init; }
    public int? ProtocolVersion { get; init; }
    public int? Channels { get; init; }
    public string? Arch { get; init; }
    public string? Algo { get; init; }
    public uint? Generation { get; init; }
    public long? SamplesSeen { get; init; }
    /// <summary>Names the model the board carries (from the host's notes), e.g. "64-32-10 ap, distilled from rack-1 on digits".</summary>
    public string? Model { get; init; }
    public long? OpsUsed { get; init; }
    public long? OpsLeft { get; init; }
    public long? EndOfLifeOps { get; init; }
    public double? TestAccuracy { get; init; }
    /// <summary>The data set of <see cref="TestAccuracy"/>.</summary>
    public string? Data { get; init; }
    public bool Retired { get; init; }
    public string? RetiredTo { get; init; }
    /// <summary>Requests from the broker the board executed since it started.</summary>
    public long Requests { get; init; }
    /// <summary>Random per board process: tells a board's own status from another process's claiming its id.</summary>
    public string? Instance { get; init; }
    public DateTime? Updated { get; init; }

    /// <summary>The model's wear as a fraction of the profile's end of life, if known.</summary>
    public double? Wear => OpsUsed is long used && EndOfLifeOps is long end && end > 0 ? (double)used / end : null;

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", Id);
            w.WriteBoolean("online", Online);
            w.WriteBoolean("alive", Alive);
            Write(w, "profile", Profile);
            Write(w, "serial", Serial);
            Write(w, "firmware_version", FirmwareVersion);
            Write(w, "protocol_version", ProtocolVersion);
            Write(w, "channels", Channels);
            Write(w, "arch", Arch);
            Write(w, "algo", Algo);
            Write(w, "generation", Generation);
            Write(w, "samples_seen", SamplesSeen);
            Write(w, "model", Model);
            Write(w, "ops_used", OpsUsed);
            Write(w, "ops_left", OpsLeft);
            Write(w, "end_of_life_ops", EndOfLifeOps);
            Write(w, "test_accuracy", TestAccuracy);
            Write(w, "data", Data);
            w.WriteBoolean("retired", Retired);
            Write(w, "retired_to", RetiredTo);
            w.WriteNumber("requests", Requests);
            Write(w, "instance", Instance);
            if (Updated is DateTime t) w.WriteString("updated", t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ"));
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Reads a status payload; null (with the reason) if it is not one.</summary>
    public static BoardStatus? TryParse(byte[] payload, out string? problem)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            JsonElement r = doc.RootElement;
            string? id = r.ValueKind == JsonValueKind.Object && r.TryGetProperty("id", out var idElement) ? idElement.GetString() : null;
            if (!BoardId.IsValid(id)) { problem = "no valid id"; return null; }
            problem = null;
            return new BoardStatus
            {
                Id = id!,
                Online = Bool(r, "online") ?? false,
                Alive = Bool(r, "alive") ?? true,
                Profile = Str(r, "profile"),
                Serial = Num(r, "serial") is long s && s >= 0 && s <= uint.MaxValue ? (uint)s : null,
                FirmwareVersion = (int?)Num(r, "firmware_version"),
                ProtocolVersion = (int?)Num(r, "protocol_version"),
                Channels = (int?)Num(r, "channels"),
                Arch = Str(r, "arch"),
                Algo = Str(r, "algo"),
                Generation = Num(r, "generation") is long g && g >= 0 && g <= uint.MaxValue ? (uint)g : null,
                SamplesSeen = Num(r, "samples_seen"),
                Model = Str(r, "model"),
                OpsUsed = Num(r, "ops_used"),
                OpsLeft = Num(r, "ops_left"),
                EndOfLifeOps = Num(r, "end_of_life_ops"),
                TestAccuracy = r.TryGetProperty("test_accuracy", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetDouble() : null,
                Data = Str(r, "data"),
                Retired = Bool(r, "retired") ?? false,
                RetiredTo = Str(r, "retired_to"),
                Requests = Num(r, "requests") ?? 0,
                Instance = Str(r, "instance"),
                Updated = Str(r, "updated") is { } u && DateTime.TryParse(u, null, System.Globalization.DateTimeStyles.RoundtripKind, out var t) ? t : null,
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            problem = "not JSON: " + e.Message;
            return null;
        }
    }

    public override string ToString() => Encoding.UTF8.GetString(ToJson());

    private static void Write(Utf8JsonWriter w, string name, string? value)
    {
        if (value == null) w.WriteNull(name); else w.WriteString(name, value);
    }

    private static void Write(Utf8JsonWriter w, string name, long? value)
    {
        if (value is long v) w.WriteNumber(name, v); else w.WriteNull(name);
    }

    private static void Write(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double v && double.IsFinite(v)) w.WriteNumber(name, v); else w.WriteNull(name);
    }

    private static string? Str(JsonElement r, string name) =>
        r.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    private static long? Num(JsonElement r, string name) =>
        r.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long v) ? v : null;

    private static bool? Bool(JsonElement r, string name) =>
        r.TryGetProperty(name, out var e) && e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : null;
}
