using System.Text;
using System.Text.Json;

namespace Edge.Boards.Profiles;

/// <summary>
/// Finds the JSON path ("inputs.channels", "pins.chip_selects[2]") at which a malformed document breaks,
/// by replaying it token by token, so that even a syntax error names the key it is in.
/// </summary>
internal static class JsonErrorLocator
{
    private sealed class Frame
    {
        public bool IsArray;
        public string? Property;
        public int Index = -1;
    }

    /// <summary>The path of the innermost key being read when the syntax error occurs ("" at top level).</summary>
    public static string PathAtError(string json, JsonReaderOptions options)
    {
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), options);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        frames[^1].Property = reader.GetString();
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        CountArrayElement(frames);
                        frames.Add(new Frame { IsArray = reader.TokenType == JsonTokenType.StartArray });
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    default:
                        CountArrayElement(frames);
                        break;
                }
            }
        }
        catch (JsonException) { }
        return Format(frames);
    }

    private static void CountArrayElement(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray) frames[^1].Index++;
    }

    private static string Format(List<Frame> frames)
    {
        var path = new StringBuilder();
        foreach (Frame frame in frames)
        {
            if (frame.IsArray)
            {
                if (frame.Index >= 0) path.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Property != null)
            {
                if (path.Length > 0) path.Append('.');
                path.Append(frame.Property);
            }
        }
        return path.ToString();
    }
}
