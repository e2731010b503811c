using Edge.Core.Hardware;
using Edge.Core.Protocol;
using Edge.Firmware;

namespace Edge.Tests.Firmware;

/// <summary>A raw link to a firmware: sends frames, collects and decodes the answer frames.</summary>
public sealed class FirmwareLink : IByteSink
{
    private readonly FrameReader _reader = new();
    public readonly List<(byte Type, ushort Sequence, byte[] Body)> Answers = new();
    public int CorruptAnswers;
    public long BytesReceived;

    public FirmwareLink(DeviceFirmware firmware) { Firmware = firmware; }

    public DeviceFirmware Firmware { get; }

    public void Write(byte[] buffer, int offset, int count)
    {
        BytesReceived += count;
        for (int i = 0; i < count; i++)
        {
            var status = _reader.Push(buffer[offset + i]);
            if (status == FrameStatus.Ok)
                Answers.Add((_reader.Type, _reader.Sequence, _reader.Body.AsSpan(_reader.BodyOffset, _reader.BodyLength).ToArray()));
            else if (status != FrameStatus.NeedMore) CorruptAnswers++;
        }
    }

    public void SendRaw(byte[] bytes) => Firmware.Receive(bytes, 0, bytes.Length, this);

    public static byte[] Frame(byte type, ushort sequence, byte[] body)
    {
        var frame = new byte[FrameWriter.MaxFrameLength(body.Length)];
        int n = FrameWriter.Write(type, sequence, body, 0, body.Length, frame);
        return frame.AsSpan(0, n).ToArray();
    }

    /// <summary>Sends one request and returns its only answer (asserting there is exactly one).</summary>
    public (byte Type, ushort Sequence, byte[] Body) Request(byte type, ushort sequence, byte[] body)
    {
        int before = Answers.Count;
        SendRaw(Frame(type, sequence, body));
        if (Answers.Count != before + 1) throw new InvalidOperationException($"expected one answer, got {Answers.Count - before}");
        return Answers[^1];
    }

    public static byte ErrorCodeOf(byte[] body) => body.Length > 0 ? body[0] : (byte)0;
}
