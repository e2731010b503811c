using BenchmarkDotNet.Attributes;
using Edge.Core.Numerics;
using Edge.Core.Protocol;

namespace Edge.Benchmarks;

/// <summary>The wire protocol's framing: COBS + CRC-16 encoding of one frame, and decoding it byte by byte.</summary>
public class FramingBenchmarks
{
    [Params(16, 256, 2000)]
    public int BodyBytes { get; set; } = 256;

    private byte[] _body = null!;
    private byte[] _frame = null!;
    private int _frameLength;
    private readonly FrameReader _reader = new();

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Pcg32(4, 4);
        _body = new byte[BodyBytes];
        for (int i = 0; i < _body.Length; i++) _body[i] = (byte)rng.NextUInt();   // zeros included: COBS has work to do
        _frame = new byte[FrameWriter.MaxFrameLength(BodyBytes)];
        _frameLength = FrameWriter.Write(0x10, 7, _body, 0, _body.Length, _frame);
    }

    [Benchmark]
    public int Encode() => FrameWriter.Write(0x10, 7, _body, 0, _body.Length, _frame);

    [Benchmark]
    public FrameStatus Decode()
    {
        FrameStatus status = _reader.Push(_frame, 0, _frameLength, out _);
        if (status != FrameStatus.Ok) throw new InvalidOperationException($"frame decoded as {status}");
        return status;
    }
}
