using Edge.Core.Protocol;

namespace Edge.Host.Fleet;

/// <summary>
/// An MQTT payload on <c>req</c> or <c>resp</c> must be exactly one protocol frame: at most
/// <see cref="FrameLimits.MaxFrame"/> bytes, one 0x00 delimiter at its end, decoding with a good CRC. Anything else
/// is dropped before it reaches a board, so a firmware's frame reader never holds half a frame from a bad message.
/// </summary>
public static class FramePayload
{
    /// <summary>Null if <paramref name="payload"/> is one good frame, else why not (for the log).</summary>
    public static string? Problem(byte[] payload) => Problem(payload, out _);

    /// <inheritdoc cref="Problem(byte[])"/>
    /// <param name="type">The frame's message type when it is good.</param>
    public static string? Problem(byte[] payload, out byte type)
    {
        type = 0;
        if (payload.Length > FrameLimits.MaxFrame) return $"oversized payload ({payload.Length} bytes; a frame has at most {FrameLimits.MaxFrame})";
        if (payload.Length < 2) return $"malformed payload ({payload.Length} bytes: not a frame)";
        int delimiter = Array.IndexOf(payload, (byte)0);
        if (delimiter != payload.Length - 1) return "malformed payload (not exactly one 0x00-terminated frame)";
        var reader = new FrameReader();
        FrameStatus status = reader.Push(payload, 0, payload.Length, out _);
        type = reader.Type;
        return status == FrameStatus.Ok ? null : $"malformed payload ({status})";
    }
}
