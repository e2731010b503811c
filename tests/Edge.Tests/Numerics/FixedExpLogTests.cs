using Edge.Core.Numerics;
using Xunit;
using Xunit.Abstractions;
using static Edge.Tests.Numerics.FixedPointReference;

namespace Edge.Tests.Numerics;

/// <summary>FixedExp and FixedLog against Math.Exp / Math.Log2 over their whole domains.</summary>
public class FixedExpLogTests
{
    private const double OneLsbQ30 = 1.0 / (1 << 30);
    private readonly ITestOutputHelper _output;

    public FixedExpLogTests(ITestOutputHelper output) { _output = output; }

    [Fact]
    public void Exp2MatchesMathPowOverItsWholeDomain()
    {
        // Every Q15.16 input in [−32, 0]. Bound: relative 1e-6 (table + interpolation) plus one
        // Q1.30 LSB (the rounding of the result); pure relative 1e-5 wherever 2^x ≥ 2^-12.
        double worstRelative = 0, worstAbsolute = 0;
        for (long x = 0; x >= -32L * 65536; x--)
        {
            double exact = Math.Pow(2, x / 65536.0);
            double got = ToReal(FixedExp.Exp2Q30(x), 30);
            double error = Math.Abs(got - exact);
            worstAbsolute = Math.Max(worstAbsolute, error - 1e-6 * exact);
            if (error > 1e-6 * exact + OneLsbQ30)
                Assert.Fail($"2^{x / 65536.0}: got {got:E10}, exact {exact:E10}, |error| {error:E3} > 1e-6·value + 2^-30");
            if (exact >= Math.Pow(2, -12))
            {
                worstRelative = Math.Max(worstRelative, error / exact);
                if (error > 1e-5 * exact) Assert.Fail($"2^{x / 65536.0}: relative error {error / exact:E3} > 1e-5");
            }
        }
        Assert.Equal(Q.One30, FixedExp.Exp2Q30(0));
        Assert.Equal(Q.One30, FixedExp.Exp2Q30(12345)); // positive x is treated as 0
        Assert.Equal(0, FixedExp.Exp2Q30(long.MinValue + 1));
        _output.WriteLine($"exp2: worst relative error (value ≥ 2^-12) {worstRelative:E3}; worst excess over 1e-6·value {worstAbsolute:E3} = {worstAbsolute / OneLsbQ30:F2} LSB");
    }

    [Fact]
    public void ExpMatchesMathExpOverItsWholeDomain()
    {
        // Every Q15.16 input in [−24, 0] (e^-24 < 2^-34: below that only zeros, checked below) plus
        // random inputs over the whole int32 range. Bound: relative 1e-5 plus one Q1.30 LSB (the
        // Q1.30 result cannot resolve a smaller absolute error); pure relative 1e-5 where e^x ≥ 2^-12.
        double worstRelative = 0, worstLsb = 0;
        void Check(long x)
        {
            double exact = Math.Exp(x / 65536.0);
            double got = ToReal(FixedExp.ExpQ30(x), 30);
            double error = Math.Abs(got - exact);
            worstLsb = Math.Max(worstLsb, error / OneLsbQ30);
            if (error > 1e-5 * exact + OneLsbQ30)
                Assert.Fail($"e^{x / 65536.0}: got {got:E10}, exact {exact:E10}, |error| {error:E3} > 1e-5·value + 2^-30");
            if (exact >= Math.Pow(2, -12))
            {
                worstRelative = Math.Max(worstRelative, error / exact);
                if (error > 1e-5 * exact) Assert.Fail($"e^{x / 65536.0}: relative error {error / exact:E3} > 1e-5");
            }
        }
        for (long x = 0; x >= -24L * 65536; x--) Check(x);
        var rng = new Pcg32(21, 1);
        for (int n = 0; n < 100000; n++) Check(Uniform(rng, int.MinValue, 0));
        Assert.Equal(Q.One30, FixedExp.ExpQ30(0));
        Assert.Equal(Q.One30, FixedExp.ExpQ30(int.MaxValue));
        Assert.Equal(0, FixedExp.ExpQ30(int.MinValue));
        Assert.Equal(0, FixedExp.ExpQ30(long.MinValue));
        _output.WriteLine($"exp: worst relative error (value ≥ 2^-12) {worstRelative:E3}; worst absolute error {worstLsb:F2} Q1.30 LSB");
    }

    [Fact]
    public void Log2MatchesMathLog2OverItsWholeDomain()
    {
        // Bound: absolute 1e-4 (the table gives ~3e-6, the Q15.16 result rounds by 7.6e-6 and a
        // mantissa cut to 16 bits costs up to 2.2e-5).
        double worst = 0;
        void Check(long value, int frac)
        {
            double exact = Math.Log2((double)value) - frac;
            double got = ToReal(FixedLog.Log2Q16(value, frac), 16);
            double error = Math.Abs(got - exact);
            worst = Math.Max(worst, error);
            if (error > 1e-4) Assert.Fail($"log2({value} / 2^{frac}): got {got}, exact {exact}, |error| {error:E3} > 1e-4");
        }
        for (long v = 1; v <= 1 << 18; v++) Check(v, 16);
        for (int bit = 0; bit < 63; bit++)
        {
            Check(1L << bit, 30);
            Check((1L << bit) + (bit > 0 ? 1 : 0), 0);
            Check(((1L << bit) - 1) | 1, 62);
        }
        Check(long.MaxValue, 0);
        var rng = new Pcg32(22, 1);
        for (int n = 0; n < 200000; n++)
        {
            long value = (long)((((ulong)rng.NextUInt() << 32) | rng.NextUInt()) >> (1 + rng.NextInt(63)));
            if (value == 0) value = 1;
            Check(value, rng.NextInt(63));
        }
        Assert.Equal(int.MinValue, FixedLog.Log2Q16(0, 16));
        Assert.Equal(int.MinValue, FixedLog.Log2Q16(-5, 16));
        Assert.Equal(0, FixedLog.Log2Q16(Q.One30, 30));
        _output.WriteLine($"log2: worst absolute error {worst:E3}");
    }

    [Fact]
    public void LnMatchesMathLogOverItsWholeDomain()
    {
        double worst = 0;
        var rng = new Pcg32(23, 1);
        for (int n = 0; n < 200000; n++)
        {
            long value = (long)((((ulong)rng.NextUInt() << 32) | rng.NextUInt()) >> (1 + rng.NextInt(63)));
            if (value == 0) value = 1;
            int frac = rng.NextInt(63);
            double exact = Math.Log((double)value) - frac * Math.Log(2);
            double got = ToReal(FixedLog.LnQ16(value, frac), 16);
            double error = Math.Abs(got - exact);
            worst = Math.Max(worst, error);
            if (error > 1e-4) Assert.Fail($"ln({value} / 2^{frac}): got {got}, exact {exact}, |error| {error:E3} > 1e-4");
        }
        Assert.Equal(int.MinValue, FixedLog.LnQ16(0, 30));
        _output.WriteLine($"ln: worst absolute error {worst:E3}");
    }
}
