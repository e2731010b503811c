using System.Numerics;
using Edge.Core.Numerics;
using Xunit;
using static Edge.Tests.Numerics.FixedPointReference;

namespace Edge.Tests.Numerics;

/// <summary>Saturating arithmetic: clamps at the int16/int32/int64 limits, never wraps; shifts round half up.</summary>
public class SatTests
{
    [Theory]
    [InlineData(32767, 1, 32767)]
    [InlineData(32767, 32767, 32767)]
    [InlineData(-32768, -1, -32768)]
    [InlineData(-32768, -32768, -32768)]
    [InlineData(32767, -32768, -1)]
    [InlineData(100, -200, -100)]
    public void Add16SaturatesAtTheInt16Limits(short a, short b, short expected)
    {
        Assert.Equal(expected, Sat.Add16(a, b));
    }

    [Theory]
    [InlineData(int.MaxValue, 1, int.MaxValue)]
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue)]
    [InlineData(int.MinValue, -1, int.MinValue)]
    [InlineData(int.MinValue, int.MinValue, int.MinValue)]
    [InlineData(int.MaxValue, int.MinValue, -1)]
    public void Add32SaturatesAtTheInt32Limits(int a, int b, int expected)
    {
        Assert.Equal(expected, Sat.Add32(a, b));
    }

    [Theory]
    [InlineData(32766, false)]
    [InlineData(32767, true)]
    [InlineData(40000, true)]
    [InlineData(-32766, false)]
    [InlineData(-32767, true)]
    [InlineData(-32768, true)]
    [InlineData(0, false)]
    public void AtInt16End_IsWithinOneLsbOfEitherEnd(long x, bool atEnd) => Assert.Equal(atEnd, Sat.AtInt16End(x));

    [Fact]
    public void RandomAddsEqualTheClampedExactSum()
    {
        var rng = new Pcg32(1, 1);
        for (int n = 0; n < 20000; n++)
        {
            short a16 = (short)rng.NextUInt(), b16 = (short)rng.NextUInt();
            Assert.Equal((short)Math.Clamp(a16 + b16, short.MinValue, short.MaxValue), Sat.Add16(a16, b16));
            int a32 = (int)rng.NextUInt(), b32 = (int)rng.NextUInt();
            Assert.Equal((int)Math.Clamp((long)a32 + b32, int.MinValue, int.MaxValue), Sat.Add32(a32, b32));
        }
    }

    [Theory]
    [InlineData(short.MinValue, short.MinValue, 0, short.MaxValue)] // 2^30 saturates
    [InlineData(short.MinValue, short.MaxValue, 0, short.MinValue)]
    [InlineData(short.MinValue, short.MinValue, 15, short.MaxValue)] // (−1)·(−1) in Q0.15 is +1: one past the top
    [InlineData(short.MaxValue, short.MaxValue, 15, 32766)]
    [InlineData(4096, 4096, 12, 4096)] // 1.0 · 1.0 in Q3.12
    [InlineData(3, 1, 1, 2)] // 1.5 rounds up
    [InlineData(-3, 1, 1, -1)] // −1.5 rounds toward +infinity
    public void Mul16RoundsHalfUpAndSaturates(short a, short b, int shift, short expected)
    {
        Assert.Equal(expected, Sat.Mul16(a, b, shift));
    }

    [Fact]
    public void RandomMultipliesEqualTheClampedRoundedExactProduct()
    {
        var rng = new Pcg32(2, 1);
        for (int n = 0; n < 20000; n++)
        {
            int shift = rng.NextInt(32);
            short a16 = (short)rng.NextUInt(), b16 = (short)rng.NextUInt();
            long exact16 = Clamp(RoundHalfUp((BigInteger)a16 * b16, shift), short.MinValue, short.MaxValue);
            Assert.Equal(exact16, Sat.Mul16(a16, b16, shift));
            int a32 = (int)rng.NextUInt(), b32 = (int)rng.NextUInt();
            long exact32 = Clamp(RoundHalfUp((BigInteger)a32 * b32, shift), int.MinValue, int.MaxValue);
            Assert.Equal(exact32, Sat.Mul32(a32, b32, shift));
        }
        Assert.Equal(int.MaxValue, Sat.Mul32(int.MinValue, int.MinValue, 0));
        Assert.Equal(int.MinValue, Sat.Mul32(int.MinValue, int.MaxValue, 0));
    }

    [Fact]
    public void ShiftRoundRoundsToNearestWithTiesTowardPositiveInfinity()
    {
        // |x| < 2^52, so x / 2^s + 1/2 is exact in double and floor(x / 2^s + 1/2) is the reference.
        // (Not Math.Round(v, MidpointRounding.ToPositiveInfinity): in .NET that is a directed
        // rounding, i.e. the ceiling, not round-half-up.)
        var rng = new Pcg32(3, 1);
        for (int n = 0; n < 50000; n++)
        {
            int shift = 1 + rng.NextInt(40);
            long x = Uniform(rng, -(1L << 52), 1L << 52);
            if (n % 4 == 0) x = (x >> shift << shift) + (1L << (shift - 1)); // exact ties, both signs
            double expected = Math.Floor(x / Math.Pow(2, shift) + 0.5);
            Assert.True(expected == Sat.ShiftRound(x, shift), $"ShiftRound({x}, {shift}) = {Sat.ShiftRound(x, shift)}, expected {expected} (bound: exact)");
        }
        Assert.Equal(2, Sat.ShiftRound(3, 1));
        Assert.Equal(-1, Sat.ShiftRound(-3, 1));
        Assert.Equal(0, Sat.ShiftRound(-1, 1));
        Assert.Equal(12345, Sat.ShiftRound(12345, 0));
    }

    [Theory]
    [InlineData(long.MaxValue, 1)]
    [InlineData(long.MaxValue, 2)]
    [InlineData(long.MaxValue, 62)]
    [InlineData(long.MaxValue, 63)]
    [InlineData(long.MaxValue, 64)]
    [InlineData(long.MaxValue, 100)]
    [InlineData(long.MinValue, 1)]
    [InlineData(long.MinValue, 63)]
    [InlineData(long.MinValue, 64)]
    [InlineData(long.MaxValue - 1, 1)]
    [InlineData(long.MinValue + 1, 62)]
    public void ShiftRoundNeverWrapsAtTheInt64Limits(long x, int shift)
    {
        long expected = (long)RoundHalfUp(x, shift);
        Assert.Equal(expected, Sat.ShiftRound(x, shift));
        Assert.Equal(Clamp(expected, int.MinValue, int.MaxValue), Sat.ShiftRound32(x, shift));
        Assert.Equal(Clamp(expected, short.MinValue, short.MaxValue), Sat.ShiftRound16(x, shift));
    }

    [Fact]
    public void NegativeShiftIsASaturatingLeftShift()
    {
        Assert.Equal(long.MaxValue, Sat.ShiftRound(1L << 62, -1));
        Assert.Equal(1L << 62, Sat.ShiftRound(1L << 61, -1));
        Assert.Equal(long.MinValue, Sat.ShiftRound(long.MinValue, -1));
        Assert.Equal(long.MinValue, Sat.ShiftRound(-(1L << 62), -1)); // −2^63 fits exactly
        Assert.Equal(long.MinValue, Sat.ShiftRound(-(1L << 62) - 1, -1));
        Assert.Equal(long.MaxValue, Sat.ShiftLeftSat64(1, 63));
        Assert.Equal(long.MinValue, Sat.ShiftLeftSat64(-1, 70));
        Assert.Equal(0, Sat.ShiftLeftSat64(0, 70));
        var rng = new Pcg32(4, 1);
        for (int n = 0; n < 20000; n++)
        {
            int shift = rng.NextInt(64);
            long x = (long)(((ulong)rng.NextUInt() << 32) | rng.NextUInt()) >> rng.NextInt(64);
            long expected = Clamp((BigInteger)x << shift, long.MinValue, long.MaxValue);
            Assert.Equal(expected, Sat.ShiftLeftSat64(x, shift));
        }
    }

    [Fact]
    public void NarrowingClampsIntoTheTargetRange()
    {
        Assert.Equal(short.MaxValue, Sat.ToInt16(long.MaxValue));
        Assert.Equal(short.MinValue, Sat.ToInt16(long.MinValue));
        Assert.Equal(short.MaxValue, Sat.ToInt16(32768));
        Assert.Equal(short.MinValue, Sat.ToInt16(-32769));
        Assert.Equal(-32768, Sat.ToInt16(-32768));
        Assert.Equal(int.MaxValue, Sat.ToInt32(1L << 31));
        Assert.Equal(int.MinValue, Sat.ToInt32(-(1L << 31) - 1));
        Assert.Equal(int.MinValue, Sat.ToInt32(-(1L << 31)));
        Assert.Equal(5, Sat.Clamp(7, -5, 5));
        Assert.Equal(-5, Sat.Clamp(-7, -5, 5));
        Assert.Equal(3, Sat.Clamp(3, -5, 5));
    }

    [Fact]
    public void ShiftTowardZero_IsIntegerDivisionByAPowerOfTwo()
    {
        var rng = new Pcg32(61, 62);
        for (int shift = 0; shift <= 62; shift++)
            foreach (long x in new[] { 0L, 1, -1, long.MaxValue, long.MinValue + (1L << shift), (long)(((ulong)rng.NextUInt() << 32) | rng.NextUInt()), -(1L << shift) - 1 })
                Assert.Equal(x / (1L << shift), Sat.ShiftTowardZero(x, shift));
    }
}
