using Edge.Core.Numerics;
using Xunit;

namespace Edge.Tests.Numerics;

/// <summary>Stochastic rounding is unbiased, so updates below one LSB still move a weight.</summary>
public class StochasticRoundingTests
{
    [Theory]
    [InlineData(0x0000, 8)] // fraction 0: always exact
    [InlineData(0x0001, 8)] // fraction 1/256
    [InlineData(0x0040, 8)] // 1/4
    [InlineData(0x0080, 8)] // 1/2
    [InlineData(0x01C0, 8)] // 1 + 3/4
    [InlineData(-0x0040, 8)] // −1/4: floor −1, rounds up to 0 with probability 3/4
    [InlineData(-0x7FFF, 8)]
    [InlineData(0x00199A, 16)] // ≈ 0.1
    [InlineData(12345678, 20)]
    [InlineData(-12345678, 31)]
    public void MeanOfManyRoundingsIsWithinThreeSigmaOfTheExactValue(long x, int shift)
    {
        const int Trials = 40000;
        var rng = new Pcg32(11, (ulong)(x & 0xFFFF) + (ulong)shift);
        double exact = x / Math.Pow(2, shift);
        double floor = Math.Floor(exact), fraction = exact - floor;
        long sum = 0;
        for (int n = 0; n < Trials; n++)
        {
            long r = StochasticRounding.ShiftRight(x, shift, rng);
            Assert.True(r == (long)floor || r == (long)floor + 1, $"{r} is neither floor nor ceiling of {exact}");
            sum += r;
        }
        double mean = (double)sum / Trials;
        double sigma = Math.Sqrt(fraction * (1 - fraction) / Trials);
        double bound = 3 * sigma + 1e-12;
        Assert.True(Math.Abs(mean - exact) <= bound,
            $"mean {mean} vs exact {exact}: |error| {Math.Abs(mean - exact):E3} > bound 3σ = {bound:E3}");
    }

    [Fact]
    public void ZeroShiftIsTheIdentity()
    {
        var rng = new Pcg32(1, 2);
        Assert.Equal(-7, StochasticRounding.ShiftRight(-7, 0, rng));
        Assert.Equal(long.MaxValue, StochasticRounding.ShiftRight(long.MaxValue, 0, rng));
    }

    [Fact]
    public void TinyUpdatesStillMoveAnInt16WeightButRoundToNearestDoesNot()
    {
        // 10,000 updates of 0.1 LSB each (6554 / 2^16 ≈ 0.1000061 LSB of the int16 weight) should
        // move a weight by ≈ 1000.06 LSB. Per weight σ = √(10⁴·0.1·0.9) = 30 LSB (3 %); over 8
        // weights the mean has σ ≈ 1.06 %: bounds are ±10 % per weight and ±3.5 % for the mean.
        const int Updates = 10000, Weights = 8;
        const long UpdateQ16 = 6554;
        double expected = Updates * UpdateQ16 / 65536.0;
        var rng = new Pcg32(2024, 7);
        short[] stochastic = new short[Weights];
        short[] nearest = new short[Weights];
        for (int n = 0; n < Updates; n++)
            for (int w = 0; w < Weights; w++)
            {
                stochastic[w] = Sat.Add16(stochastic[w], (short)StochasticRounding.ShiftRight(UpdateQ16, 16, rng));
                nearest[w] = Sat.Add16(nearest[w], (short)Sat.ShiftRound(UpdateQ16, 16));
            }
        for (int w = 0; w < Weights; w++)
        {
            Assert.True(Math.Abs(stochastic[w] - expected) <= 0.10 * expected,
                $"weight {w} moved {stochastic[w]} LSB, expected {expected:F1} ± 10 %");
            Assert.Equal(0, nearest[w]);
        }
        double mean = stochastic.Average(v => (double)v);
        Assert.True(Math.Abs(mean - expected) <= 0.035 * expected, $"mean move {mean:F1} LSB, expected {expected:F1} ± 3.5 %");
    }
}
