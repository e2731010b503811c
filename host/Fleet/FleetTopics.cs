namespace Edge.Host.Fleet;

/// <summary>
/// The topics of one board on the broker. <c>req</c> and <c>note</c> go host → board (only the host account may
/// publish them), <c>resp</c> and the retained <c>status</c> go board → host (only the board's own account).
/// </summary>
public static class FleetTopics
{
    public const string Root = "edge";

    /// <summary>Every board's status: what <c>edge fleet list</c> and the warden subscribe to.</summary>
    public const string AllStatus = Root + "/+/status";

    /// <summary>Request frames of the wire protocol, one frame per message.</summary>
    public static string Request(string id) => $"{Root}/{id}/req";

    /// <summary>Answer frames, one per message, with the request's correlation data.</summary>
    public static string Response(string id) => $"{Root}/{id}/resp";

    /// <summary>The board's retained status (JSON, <see cref="BoardStatus"/>); its Last Will marks it offline.</summary>
    public static string Status(string id) => $"{Root}/{id}/status";

    /// <summary>What the host measured or decided about the board (<see cref="BoardNote"/>), kept in its status.</summary>
    public static string Note(string id) => $"{Root}/{id}/note";

    /// <summary>The board id of an <c>edge/ID/kind</c> topic, or null.</summary>
    public static string? IdOf(string topic, string kind)
    {
        string[] parts = topic.Split('/');
        return parts.Length == 3 && parts[0] == Root && parts[2] == kind && BoardId.IsValid(parts[1]) ? parts[1] : null;
    }
}
