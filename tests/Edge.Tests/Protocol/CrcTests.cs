using Xunit;
using System.Text;
using Edge.Core.Numerics;
using Edge.Core.Protocol;

namespace Edge.Tests.Protocol;

public class CrcTests
{
    private static readonly byte[] CheckInput = Encoding.ASCII.GetBytes("123456789");

    [Fact]
    public void Crc16MatchesTheCcittFalseCheckValue()
    {
        Assert.Equal(0x29B1, Crc16.Compute(CheckInput, 0, 9));
        Assert.Equal(0xFFFF, Crc16.Compute(CheckInput, 0, 0));
    }

    [Fact]
    public void Crc32MatchesTheIeeeCheckValue()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute(CheckInput, 0, 9));
        Assert.Equal(0u, Crc32.Compute(CheckInput, 0, 0));
    }

    [Fact]
    public void TablesAgreeWithBitwiseReferencesOnRandomData()
    {
        var rng = new Pcg32(99, 3);
        for (int length = 0; length < 600; length += 13)
        {
            var data = new byte[length + 10];
            for (int i = 0; i < data.Length; i++) data[i] = (byte)rng.NextUInt();
            var slice = data.Skip(5).Take(length).ToArray();
            Assert.Equal(ProtocolReference.Crc16Bitwise(slice), Crc16.Compute(data, 5, length));
            Assert.Equal(ProtocolReference.Crc32Bitwise(slice), Crc32.Compute(data, 5, length));
        }
    }

    [Fact]
    public void IncrementalUpdatesEqualOneShotComputation()
    {
        var rng = new Pcg32(5, 5);
        var data = new byte[1000];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)rng.NextUInt();
        ushort whole16 = Crc16.Compute(data, 0, data.Length);
        uint whole32 = Crc32.Compute(data, 0, data.Length);
        for (int trial = 0; trial < 50; trial++)
        {
            ushort crc16 = Crc16.Initial;
            uint crc32 = Crc32.Initial;
            int position = 0;
            while (position < data.Length)
            {
                int chunk = Math.Min(rng.NextInt(100), data.Length - position);
                if (chunk == 1)
                {
                    crc16 = Crc16.Update(crc16, data[position]);
                    crc32 = Crc32.Update(crc32, data[position]);
                }
                else
                {
                    crc16 = Crc16.Update(crc16, data, position, chunk);
                    crc32 = Crc32.Update(crc32, data, position, chunk);
                }
                position += chunk;
            }
            Assert.Equal(whole16, crc16);
            Assert.Equal(whole32, crc32);
        }
    }

    [Fact]
    public void Crc16DetectsEverySingleBitFlipInAFrameSizedMessage()
    {
        var rng = new Pcg32(1, 2);
        var data = new byte[FrameLimits.MaxPayload - 2];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)rng.NextUInt();
        ushort original = Crc16.Compute(data, 0, data.Length);
        for (int bit = 0; bit < data.Length * 8; bit += 3)
        {
            data[bit >> 3] ^= (byte)(1 << (bit & 7));
            Assert.NotEqual(original, Crc16.Compute(data, 0, data.Length));
            data[bit >> 3] ^= (byte)(1 << (bit & 7));
        }
    }
}
