using Edge.Host.Device;

namespace Edge.Host.Transfer;

/// <summary>
/// What a conversation with boards cost on the wire: the request frames sent, the bytes each way, and the time those
/// bytes take on a serial line (8N1: ten bits a byte). Request and answer take turns, so the two directions add up.
/// </summary>
public sealed record WireCost(long Frames, long BytesToBoards, long BytesFromBoards)
{
    /// <summary>The baud rate of the estimate the reports carry (a common default of boards' serial lines).</summary>
    public const int ReferenceBaud = 115200;

    /// <summary>Bits on the line per byte: start, 8 data bits, stop.</summary>
    public const int BitsPerByte = 10;

    public static readonly WireCost None = new(0, 0, 0);

    /// <summary>What <paramref name="client"/> has sent and received so far.</summary>
    public static WireCost Of(DeviceClient client) => new(client.FramesSent, client.BytesSent, client.BytesReceived);

    /// <summary>Seconds the bytes of both directions take at <paramref name="baud"/>, 8N1.</summary>
    public double SecondsAt(int baud) => (double)(BytesToBoards + BytesFromBoards) * BitsPerByte / baud;

    public double EstimatedSeconds => SecondsAt(ReferenceBaud);

    public static WireCost operator +(WireCost a, WireCost b) =>
        new(a.Frames + b.Frames, a.BytesToBoards + b.BytesToBoards, a.BytesFromBoards + b.BytesFromBoards);

    public static WireCost operator -(WireCost a, WireCost b) =>
        new(a.Frames - b.Frames, a.BytesToBoards - b.BytesToBoards, a.BytesFromBoards - b.BytesFromBoards);
}
