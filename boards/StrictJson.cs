using System.Text.Json;
using System.Text.RegularExpressions;

namespace Edge.Boards;

/// <summary>
/// System.Text.Json with strict options for the JSON files edge reads (board profiles, board state): unknown keys,
/// duplicate keys, wrong types, nulls where a value is required and missing required keys are all rejected, and
/// every failure becomes the key path ("inputs.channels") and a short problem ("duplicate key"), so the caller can
/// name the file and the key in one line.
/// </summary>
public static partial class StrictJson
{
    /// <summary>snake_case keys; no comments or trailing commas; no numbers in strings.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerOptions.Strict)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>Reads <paramref name="json"/> as a <typeparamref name="T"/>; <paramref name="fail"/> builds the exception
    /// for a key path and a problem.</summary>
    public static T Deserialize<T>(string json, Func<string, string, JsonException, Exception> fail)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("null", "$", 0, 0);
        }
        catch (JsonException e)
        {
            // A syntax error later in the file outranks a key the reader stopped at: the file is not JSON at all.
            var (key, problem) = Explain(e);
            if (!problem.StartsWith(Malformed, StringComparison.Ordinal) && SyntaxError(json) is { } syntax)
            {
                (key, problem) = Explain(syntax);
                e = syntax;
            }
            throw fail(key, problem, e);
        }
    }

    private static JsonException? SyntaxError(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            return null;
        }
        catch (JsonException syntax)
        {
            return syntax;
        }
    }

    /// <summary>The key path and the problem of a failed read, in words a person writing the file understands.</summary>
    public static (string Key, string Problem) Explain(JsonException e)
    {
        string path = KeyPath(e.Path);
        string message = e.Message;
        if (UnknownKey().Match(message) is { Success: true } unknown)
            return (Join(path, unknown.Groups[1].Value), "unknown key");
        if (DuplicateKey().Match(message) is { Success: true } duplicate)
            return (Join(path, duplicate.Groups[1].Value), "duplicate key");
        if (MissingKeys().Match(message) is { Success: true } missing)
            return (Join(path, missing.Groups[1].Value), "missing required key");
        if (WrongType().Match(message) is { Success: true } wrong)
            return (path, $"must be {Expected(wrong.Groups[1].Value.TrimEnd('.'))} ({Where(e)})");
        if (message.Contains("null", StringComparison.Ordinal) && e.InnerException is null && e.LineNumber is null)
            return (path, "must not be null");
        // Anything else is the text itself: cut System.Text.Json's own "Path: ... | LineNumber: ..." tail, we say where.
        int tail = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (tail < 0) tail = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        string reason = tail > 0 ? message[..tail] : message;
        return (path, $"{Malformed} at {Where(e)}: {reason}");
    }

    private const string Malformed = "malformed JSON";

    private static string Where(JsonException e) => $"line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}";

    private static string Expected(string type) => type switch
    {
        "System.Int32" or "System.Int64" or "System.UInt32" or "System.Nullable`1[System.Int32]" or "System.Nullable`1[System.Int64]" => "an integer",
        "System.Double" or "System.Nullable`1[System.Double]" => "a number",
        "System.Boolean" => "true or false",
        "System.String" => "a string",
        "System.Int32[]" => "an array of integers",
        _ => "an object",
    };

    // "$.inputs.channels" → "inputs.channels"; "$.pins.chip_selects[2]" → "pins.chip_selects[2]"; "$" → "".
    private static string KeyPath(string? path) =>
        path is null or "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Join(string path, string key) =>
        path.Length == 0 ? key : path.EndsWith("." + key, StringComparison.Ordinal) || path == key ? path : path + "." + key;

    [GeneratedRegex(@"The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnknownKey();

    [GeneratedRegex(@"[Dd]uplicate (?:property|key) '([^']*)'")]
    private static partial Regex DuplicateKey();

    [GeneratedRegex(@"missing required properties including: '([^']*)'")]
    private static partial Regex MissingKeys();

    [GeneratedRegex(@"could not be converted to ([\w.`\[\]]+)")]
    private static partial Regex WrongType();
}
