using Edge.Core.Kernels;
using Edge.Core.Learning;
using System.Numerics;
using Edge.Core.Numerics;
using Edge.Tests.AcceleratedTwins;

namespace Edge.Tests.Learning;

/// <summary>Step control's integer statistics against a float reference, its first-batch rule, its clipping and its extremes.</summary>
public class StepControlTests
{
    [Fact]
    public void NormalisedEstimates_AreTheEstimatesOverTheirRunningRms_AsInFloat()
    {
        var rng = new Pcg32(7, 7);
        const int units = 12, inputs = 20, samples = 3000;
        var control = new StepControl(units);
        var scales = new double[units];
        for (int o = 0; o < units; o++) scales[o] = Math.Pow(10, -3 + o * 0.4);   // RMS from 0.001 to 60
        var g = new int[units];
        var x = new short[inputs];
        double[] sumSquares = new double[units];
        for (int s = 0; s < samples; s++)
        {
            for (int o = 0; o < units; o++)
            {
                double value = scales[o] * (rng.NextInt(2) == 0 ? 1 : -1) * (0.5 + rng.NextInt(1000) / 1000.0);
                g[o] = (int)Math.Round(value * 65536);
                sumSquares[o] += (g[o] / 65536.0) * (g[o] / 65536.0);
            }
            for (int j = 0; j < inputs; j++) x[j] = (short)rng.NextInt(1 << 13);   // inputs up to 0.25: RMS about 0.14
            bool ready = control.Observe(g, x, inputs, Q.InputFrac);
            Assert.Equal(s >= 16, ready);   // the first batch only measures
            if ((s + 1) % 16 == 0) control.Commit();
        }
        // a fresh sample at each unit's RMS: normalised to about ±1 (the running mean is close to the plain mean here)
        var probe = new int[units];
        for (int o = 0; o < units; o++) probe[o] = (int)Math.Round(Math.Sqrt(sumSquares[o] / samples) * 65536);
        Assert.True(control.Observe(probe, x, inputs, Q.InputFrac));
        for (int o = 0; o < units; o++) Assert.InRange(probe[o] / 65536.0, 0.85, 1.15);
        // 2^k · RMS(x) in [0.5, 1): RMS of U(0, 0.25) is 0.144, so k = 2
        Assert.Equal(2, control.InputShift);
    }

    [Fact]
    public void AnOutlierIsClipped_AndExtremeValuesNeverWrap()
    {
        var control = new StepControl(3);
        var g = new int[3];
        var x = new short[] { short.MaxValue, short.MaxValue };
        for (int s = 0; s < 32; s++)
        {
            g[0] = 655; g[1] = -655; g[2] = 0;   // ±0.01, and a unit that never moved
            control.Observe(g, x, 2, Q.InputFrac);
            if ((s + 1) % 16 == 0) control.Commit();
        }
        g[0] = int.MaxValue; g[1] = int.MinValue + 1; g[2] = 1 << 20;
        Assert.True(control.Observe(g, x, 2, Q.InputFrac));
        Assert.Equal(StepControl.ClipQ16, g[0]);
        Assert.Equal(-StepControl.ClipQ16, g[1]);
        Assert.Equal(StepControl.ClipQ16, g[2]);   // a silent unit's first estimate: at most the clip, never a wrap
        control.Commit();
        Assert.InRange(control.InputShift, -StepControl.MaxInputShift, StepControl.MaxInputShift);
    }

    /// <summary>
    /// The bound on a hidden layer's common move: 300 inputs all at ±½ (RMS ½, so the input scale 2^k is 1; no sample
    /// differs from the mean) move every sample's summed input by n · (2μ² − ms) = 75 per unit of rate, so a step is
    /// halved until rate · 75 / 2^h ≤ ½: not at all at 0.001, three times at 0.04, at most
    /// <see cref="StepControl.MaxCommonMoveHalvings"/> times at any rate, and never for a rate of 0 or below. Inputs below
    /// zero (centred ones) count by their square. An output layer's steps are not bounded.
    /// </summary>
    [Theory]
    [InlineData(16384)]
    [InlineData(-16384)]
    public void StepFrac_HalvesTheStepsUntilTheCommonMoveExceedsTheOwnByAtMostAHalf(short value)
    {
        const int inputs = 300;
        var control = new StepControl(2, NoVectorLoops.Instance, bounded: true);
        var output = new StepControl(2, NoVectorLoops.Instance, bounded: false);
        var x = new short[inputs];
        Array.Fill(x, value);
        var g = new int[2];
        for (int s = 0; s < 16; s++)
        {
            control.Observe(g, x, inputs, Q.InputFrac);
            output.Observe(g, x, inputs, Q.InputFrac);
        }
        Assert.Equal(Q.InputFrac, control.StepFrac(Q.InputFrac, 1 << 16));   // no batch committed: nothing measured yet
        control.Commit();
        output.Commit();
        Assert.Equal(0, control.InputShift);
        Assert.Equal(Q.InputFrac, output.StepFrac(Q.InputFrac, 2621));
        Assert.Equal(Q.InputFrac, control.StepFrac(Q.InputFrac, 66));        // 0.001
        Assert.Equal(Q.InputFrac + 3, control.StepFrac(Q.InputFrac, 2621));  // 0.04
        Assert.Equal(Q.InputFrac, control.StepFrac(Q.InputFrac, 0));
        Assert.Equal(Q.InputFrac, control.StepFrac(Q.InputFrac, -65536));
        Assert.Equal(Q.InputFrac + StepControl.MaxCommonMoveHalvings, control.StepFrac(Q.InputFrac, int.MaxValue));
        var rng = new Pcg32(3, 4);
        for (int trial = 0; trial < 2000; trial++)
        {
            int rate = 1 + (int)(rng.NextUInt() >> rng.NextInt(31) + 1);
            int halvings = 0;
            while (halvings < StepControl.MaxCommonMoveHalvings && 75.0 * rate / 65536 > 0.5 * Math.Pow(2, halvings)) halvings++;
            Assert.Equal(Q.InputFrac + halvings, control.StepFrac(Q.InputFrac, rate));
        }
    }

    /// <summary>
    /// Inputs whose samples differ as much as they share (half the inputs at 0, half at full scale, the halves swapping
    /// from sample to sample: 2μ² = ms) are not bounded at any rate, however dense and of one sign they are.
    /// </summary>
    [Fact]
    public void StepFrac_HalvesNothing_WhereTheSamplesOwnPartIsAsLargeAsTheCommonOne()
    {
        const int inputs = 64;
        var control = new StepControl(2, NoVectorLoops.Instance, bounded: true);
        var x = new short[inputs];
        var g = new int[2];
        for (int s = 0; s < 16 * 40; s++)
        {
            for (int j = 0; j < inputs; j++) x[j] = (short)(((j + s) & 1) == 0 ? 0 : short.MaxValue);
            control.Observe(g, x, inputs, Q.InputFrac);
            if (s % 16 == 15) control.Commit();
        }
        Assert.Equal(Q.InputFrac - control.InputShift, control.StepFrac(Q.InputFrac, 1 << 16));
    }

    /// <summary>
    /// Observe (with each set of vector twins of its loops) against its definition, a plain scalar model of the same
    /// integer formulas: random and extreme estimates (±2^31) and inputs (−32768 included), every decay shift k
    /// from 0 to 14, layer widths around the vector sizes, both input formats.
    /// </summary>
    [Theory]
    [MemberData(nameof(LoopSets.Names), MemberType = typeof(LoopSets))]
    public void Observe_IsItsDefinition_OnRandomAndExtremeValues(string loopSet)
    {
        var rng = new Pcg32(9, 10);
        foreach (int units in new[] { 1, 7, 8, 9, 16, 31, 32, 33, 128, 130 })
            foreach (int inputs in new[] { 1, 20, 31, 32, 33, 64, 65, 196 })
            {
                int inFrac = (units + inputs) % 2 == 0 ? Q.InputFrac : Q.ActivationFrac;
                var control = new StepControl(units, LoopSets.Get(loopSet), bounded: true);
                var reference = new ReferenceControl(units);
                var g = new int[units];
                var x = new short[inputs];
                for (int s = 0; s < 70; s++)
                {
                    bool extreme = s % 5 == 0;
                    for (int o = 0; o < units; o++)
                        g[o] = extreme && rng.NextInt(2) == 0 ? (rng.NextInt(2) == 0 ? int.MaxValue : int.MinValue) : (int)rng.NextUInt() >> rng.NextInt(24);
                    for (int j = 0; j < inputs; j++)
                        x[j] = extreme && rng.NextInt(2) == 0 ? short.MinValue : (short)rng.NextInt(65536);
                    int[] expected = (int[])g.Clone();
                    bool expectedReady = reference.Observe(expected, x, inputs, inFrac);
                    Assert.Equal(expectedReady, control.Observe(g, x, inputs, inFrac));
                    Assert.Equal(expected, g);
                    if (s % 16 == 15 || s == 40)
                    {
                        control.Commit();
                        reference.Commit();
                        Assert.Equal(reference.InputShift, control.InputShift);
                        foreach (int rate in new[] { 0, 1, 655, 3277, 65536, 1 << 24, int.MaxValue, (int)(rng.NextUInt() >> 1) })
                            Assert.Equal(reference.StepFrac(inFrac, rate), control.StepFrac(inFrac, rate));
                    }
                }
            }
    }

    /// <summary>
    /// The two per-unit loops of Observe that a loop set may run, each twin finished by the loop's own formula as Observe
    /// finishes it, against that formula alone: every decay shift k from 0 to 14 (Observe above only reaches 6), 31, 32 and 63; estimates
    /// at ±2^31 and 0 and random, in every 16-bit half; any int64 state (the running means are in [0, 2^62], but the loop takes
    /// any, wrapping); reciprocals 0, 1, int.MaxValue, negative and random; products at the clip and either side of it.
    /// </summary>
    [Theory]
    [MemberData(nameof(LoopSets.Names), MemberType = typeof(LoopSets))]
    public void MeanSquaresAndNormalizeSteps_AreTheirLoops_OnEveryShiftAndExtremeValues(string loopSet)
    {
        var loops = LoopSets.Get(loopSet);
        var rng = new Pcg32(11, 12);
        int[] ks = [.. Enumerable.Range(0, 15), 31, 32, 63];
        foreach (int units in new[] { 1, 3, 4, 7, 8, 9, 10, 12, 16, 31, 32, 33, 128, 130 })
            foreach (int k in ks)
                for (int trial = 0; trial < 4; trial++)
                {
                    var g = new int[units];
                    var m = new long[units];
                    var r = new int[units];
                    for (int o = 0; o < units; o++)
                    {
                        g[o] = rng.NextInt(6) switch
                        {
                            0 => int.MaxValue, 1 => int.MinValue, 2 => 0,
                            3 => (int)rng.NextUInt(),
                            4 => (rng.NextInt(65536) - 32768) << 16 | rng.NextInt(65536),   // every half, signs apart
                            _ => (int)rng.NextUInt() >> rng.NextInt(32),
                        };
                        m[o] = rng.NextInt(5) switch
                        {
                            0 => 0, 1 => 1L << 62, 2 => rng.NextInt(2) == 0 ? long.MaxValue : long.MinValue,
                            3 => (long)((ulong)rng.NextUInt() << 32 | rng.NextUInt()),
                            _ => (long)g[o] * g[o] + rng.NextInt(1 << 20) - (1 << 19),
                        };
                        r[o] = rng.NextInt(6) switch
                        {
                            0 => 0, 1 => 1, 2 => int.MaxValue, 3 => -(int)(rng.NextUInt() >> 1),
                            // g·r near ±ClipQ16·2^16, where the clip starts
                            4 => g[o] == 0 ? 1 : (int)Math.Clamp(((long)StepControl.ClipQ16 << 16) / g[o] + rng.NextInt(3) - 1, int.MinValue, int.MaxValue),
                            _ => (int)((1L << 32) / (StepControl.MinRms + rng.NextInt(1 << 20))),   // as Commit gives them
                        };
                    }
                    var expectedM = (long[])m.Clone();
                    for (int o = 0; o < units; o++) expectedM[o] += ((long)g[o] * g[o] - expectedM[o]) >> k;
                    int done = loops.MeanSquares(g, m, units, k);
                    for (int o = done; o < units; o++) m[o] += ((long)g[o] * g[o] - m[o]) >> k;
                    Assert.Equal(expectedM, m);
                    int? share = LoopSets.Vector128Share(loopSet, units, least: 8);
                    if (share != null) Assert.Equal(share, done);

                    var expectedG = new int[units];
                    for (int o = 0; o < units; o++)
                        expectedG[o] = (int)Math.Clamp(((long)g[o] * r[o]) >> 16, -StepControl.ClipQ16, StepControl.ClipQ16);
                    done = loops.NormalizeSteps(g, r, units);
                    for (int o = done; o < units; o++)
                        g[o] = (int)Math.Clamp(((long)g[o] * r[o]) >> 16, -StepControl.ClipQ16, StepControl.ClipQ16);
                    Assert.Equal(expectedG, g);
                    share = LoopSets.Vector128Share(loopSet, units);
                    if (share != null) Assert.Equal(share, done);
                }
    }

    /// <summary>StepControl's formulas, one loop each, as the class documents them.</summary>
    private sealed class ReferenceControl(int units)
    {
        private readonly long[] _meanSquare = new long[units];
        private readonly int[] _reciprocal = new int[units];
        private long _inputMeanSquare, _inputSum, _samples, _excess;
        private int _count;
        private bool _ready;
        public int InputShift;

        public bool Observe(int[] g, short[] x, int count, int inFrac)
        {
            _samples++;
            int k = Math.Min(63 - BitOperations.LeadingZeroCount((ulong)_samples), StepControl.DecayShift);
            for (int o = 0; o < g.Length; o++) _meanSquare[o] += ((long)g[o] * g[o] - _meanSquare[o]) >> k;
            long squares = 0, sum = 0;
            for (int j = 0; j < count; j++) { squares += x[j] * x[j]; sum += x[j]; }
            _inputMeanSquare += ((squares << (32 - 2 * inFrac)) / count - _inputMeanSquare) >> k;
            _inputSum += ((sum << (16 - inFrac)) - _inputSum) >> k;
            _count = count;
            if (!_ready) return false;
            for (int o = 0; o < g.Length; o++)
                g[o] = (int)Math.Clamp(((long)g[o] * _reciprocal[o]) >> 16, -StepControl.ClipQ16, StepControl.ClipQ16);
            return true;
        }

        public void Commit()
        {
            _ready = true;
            for (int o = 0; o < _meanSquare.Length; o++)
                _reciprocal[o] = (int)((1L << 32) / Math.Max(FloorSqrt(_meanSquare[o]), StepControl.MinRms));
            long root = FloorSqrt(_inputMeanSquare);
            int shift = 16 - (64 - BitOperations.LeadingZeroCount((ulong)root));
            InputShift = Math.Clamp(shift, -StepControl.MaxInputShift, StepControl.MaxInputShift);
            long mu = Math.Abs(_inputSum / _count);
            long excess = Math.Max(0, 2 * ((mu * mu) >> 16) - (_inputMeanSquare >> 16)) * _count;
            _excess = InputShift >= 0 ? Sat.ShiftLeftSat64(excess, InputShift) : excess >> -InputShift;
        }

        /// <summary>The least halvings h ≤ the most with rate · excess / 2^h ≤ ½ (Q.32), in 128-bit arithmetic.</summary>
        public int StepFrac(int inFrac, int rate)
        {
            int h = 0;
            if (rate > 0)
                while (h < StepControl.MaxCommonMoveHalvings && (Int128)rate * _excess > (Int128)StepControl.MaxCommonMoveQ16 << (16 + h)) h++;
            return inFrac - InputShift + h;
        }

        private static long FloorSqrt(long v)
        {
            long r = (long)Math.Sqrt(v);
            while (r * r > v) r--;
            while ((r + 1) * (r + 1) <= v) r++;
            return r;
        }
    }
}
