using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Edge.Host.Fleet;

/// <summary>
/// The MQTT 5 correlation data of every request and note: the sending host client's random session (8 bytes) and
/// its count of messages sent (8 bytes), big-endian. The board answers with the same bytes (so each host takes
/// only its own answers) and refuses a session's count that does not grow (a replay, <see cref="ReplayGuard"/>).
/// </summary>
public readonly record struct RequestId(ulong Session, ulong Count)
{
    public const int Length = 16;

    public static ulong NewSession() => BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(8));

    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, Session);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), Count);
        return bytes;
    }

    public static bool TryRead(byte[]? bytes, out RequestId id)
    {
        id = default;
        if (bytes is not { Length: Length }) return false;
        id = new RequestId(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(8)));
        return true;
    }

    public override string ToString() => $"{Session:x16}#{Count}";
}
