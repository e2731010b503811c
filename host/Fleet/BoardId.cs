namespace Edge.Host.Fleet;

/// <summary>
/// A board's name on the broker (the middle level of its topics, <c>edge/ID/...</c>): 1 to 64 letters, digits,
/// '-', '_' or '.', so it can never hold MQTT's '/', '+' or '#' and one board's topics never match another's.
/// </summary>
public static class BoardId
{
    public const int MaxLength = 64;

    public const string Rule = "1 to 64 letters, digits, '-', '_' or '.'";

    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
