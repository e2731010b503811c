using System.Runtime.CompilerServices;
using Edge.Core.Protocol;

namespace Edge.Tests.Protocol;

/// <summary>
/// Deliberately naive, independent re-implementations (bitwise CRCs, list-based COBS, the frame
/// rules written out plainly) that the table-driven, in-place, streaming production code is checked against.
/// </summary>
internal static class ProtocolReference
{
    public static ushort Crc16Bitwise(byte[] data) => Crc16Bitwise(data, 0, data.Length);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // skip tier-0: this runs over megabytes
    public static ushort Crc16Bitwise(byte[] data, int offset, int count)
    {
        int crc = 0xFFFF;
        for (int k = offset; k < offset + count; k++)
        {
            crc ^= data[k] << 8;
            for (int i = 0; i < 8; i++) crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
        }
        return (ushort)crc;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // skip tier-0: this runs over megabytes
    public static uint Crc32Bitwise(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int i = 0; i < 8; i++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>Wikipedia's encoder, without delimiter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // skip tier-0: this runs over megabytes
    public static byte[] CobsEncode(byte[] data)
    {
        var output = new List<byte>(data.Length + data.Length / 254 + 1) { 0 };
        int codeIndex = 0;
        byte code = 1;
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] != 0) { output.Add(data[i]); code++; }
            if (data[i] == 0 || code == 0xFF)
            {
                output[codeIndex] = code;
                code = 1;
                if (data[i] == 0 || i + 1 < data.Length) { codeIndex = output.Count; output.Add(0); }
                else codeIndex = -1;
            }
        }
        if (codeIndex >= 0) output[codeIndex] = code;
        return output.ToArray();
    }

    /// <summary>Null when malformed.</summary>
    public static byte[]? CobsDecode(byte[] encoded) => CobsDecode(encoded, 0, encoded.Length);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // skip tier-0: this runs over megabytes
    public static byte[]? CobsDecode(byte[] encoded, int start, int count)
    {
        if (count == 0) return null;
        var output = new List<byte>(count);
        int i = start;
        int end = start + count;
        while (i < end)
        {
            int code = encoded[i++];
            if (code == 0 || i + code - 1 > end) return null;
            for (int k = 1; k < code; k++)
            {
                if (encoded[i] == 0) return null;
                output.Add(encoded[i++]);
            }
            if (code != 0xFF && i < end) output.Add(0);
        }
        return output.ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // skip tier-0: this runs over megabytes
    public static byte[] Payload(byte type, ushort sequence, byte[] body)
    {
        var payload = new byte[body.Length + 5];
        payload[0] = type;
        payload[1] = (byte)sequence;
        payload[2] = (byte)(sequence >> 8);
        body.CopyTo(payload, 3);
        ushort crc = Crc16Bitwise(payload, 0, body.Length + 3);
        payload[^2] = (byte)crc;
        payload[^1] = (byte)(crc >> 8);
        return payload;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // skip tier-0: this runs over megabytes
    public static byte[] Frame(byte type, ushort sequence, byte[] body)
    {
        return CobsEncode(Payload(type, sequence, body)).Append((byte)0).ToArray();
    }

    public readonly record struct Expected(FrameStatus Status, byte Type, ushort Sequence, byte[] Body);

    /// <summary>What a reader with the given payload limit must report for a whole byte stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // skip tier-0: this runs over megabytes
    public static List<Expected> ExpectedStatuses(byte[] stream, int maxPayload)
    {
        var result = new List<Expected>();
        int maxEncoded = maxPayload + maxPayload / 254 + 1;
        int start = 0;
        for (int i = 0; i < stream.Length; i++)
        {
            if (stream[i] != 0) continue;
            int length = i - start;
            if (length > 0) result.Add(Classify(stream, start, length, maxEncoded, maxPayload));
            start = i + 1;
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // skip tier-0: this runs over megabytes
    private static Expected Classify(byte[] stream, int start, int length, int maxEncoded, int maxPayload)
    {
        if (length > maxEncoded) return new Expected(FrameStatus.Oversize, 0, 0, []);
        byte[]? payload = CobsDecode(stream, start, length);
        if (payload == null) return new Expected(FrameStatus.BadCobs, 0, 0, []);
        if (payload.Length > maxPayload) return new Expected(FrameStatus.Oversize, 0, 0, []);
        if (payload.Length < 5) return new Expected(FrameStatus.Truncated, 0, 0, []);
        ushort crc = Crc16Bitwise(payload, 0, payload.Length - 2);
        if (crc != (payload[^2] | payload[^1] << 8)) return new Expected(FrameStatus.BadCrc, 0, 0, []);
        return new Expected(FrameStatus.Ok, payload[0], (ushort)(payload[1] | payload[2] << 8), payload[3..^2]);
    }
}
