using Edge.Accelerated;
using Edge.Core.Losses;
using Edge.Core.Model;
using Edge.Core.Numerics;

namespace Edge.Tests.AcceleratedTwins;

/// <summary>
/// Every unit's column loss at once (CrossEntropy.ColumnLosses with the AVX-512 twin) against the device's loop and
/// against its definition, a column pass over the one unit (Network.AddColumns) and the loss of those logits.
/// </summary>
public class ColumnLossTwinTests
{
    [Fact]
    public void ColumnLosses_RandomAndExtreme_BitIdenticalToTheDevicesLoopAndTheDefinition()
    {
        var rng = new Pcg32(71, 72);
        int[] unitCounts = [16, 17, 31, 32, 33, 47, 64, 100, 128, 129, 200];
        for (int trial = 0; trial < 1500; trial++)
        {
            int classes = 1 + trial % 31;
            int units = unitCounts[trial % unitCounts.Length];
            int kind = trial / 16 % 8;
            Check(rng, classes, units, kind, trial);
        }
    }

    [Fact]
    public void ColumnLosses_ShapesTheTwinHandsBack_AreTheDevicesLoop()
    {
        var rng = new Pcg32(73, 74);
        foreach (int classes in new[] { 1, 2, 10, 16, 17, 26, 31, 32, 40 })
            foreach (int units in new[] { 1, 5, 15, 16, 40 })
                for (int kind = 0; kind < 8; kind++) Check(rng, classes, units, kind, kind);
    }

    /// <summary>The twin itself (not the portable loop behind it) takes up to 31 classes, whose exponentials' sum still fits a uint32.</summary>
    [Fact]
    public void ColumnLosses_TheTwinTakesUpTo31Classes()
    {
        if (!ColumnLossesAvx512.IsSupported) return;   // elsewhere the portable loop runs, as the tests above check
        var response = new short[32];
        for (int i = 0; i < response.Length; i++) response[i] = (short)(i % 3 == 0 ? 0 : 100 + i);
        foreach (int classes in new[] { 16, 17, 26, 31 })
            Assert.Equal(21, ColumnLossesAvx512.Run(new int[classes], new short[classes * 32], 0, classes, 32, response, 0, new int[32], null, out _));
        Assert.Equal(-1, ColumnLossesAvx512.Run(new int[32], new short[32 * 32], 0, 32, 32, response, 0, new int[32], null, out _));
    }

    /// <summary>The twin itself evaluates the clean logits as one more column for 8 to 16 classes, and otherwise leaves both to the core.</summary>
    [Fact]
    public void ColumnLosses_TheTwinTakesTheCleanLossFor8To16Classes()
    {
        if (!ColumnLossesAvx512.IsSupported) return;
        var response = new short[32];
        for (int i = 0; i < response.Length; i++) response[i] = (short)(i % 3 == 0 ? 0 : 100 + i);
        foreach (int classes in new[] { 8, 10, 16 })
        {
            Assert.Equal(21, ColumnLossesAvx512.Run(new int[classes], new short[classes * 32], 0, classes, 32, response, 0, new int[32], new int[classes], out int loss));
            Assert.Equal(FixedLog.LnQ16((long)classes << Q.TableFrac, Q.TableFrac), loss);   // equal logits: ln(classes)
            Assert.Equal(0, ColumnLossesAvx512.Run(new int[classes], new short[classes * 32], 0, classes, 32, new short[32], 0, new int[32], new int[classes], out _));
        }
        foreach (int classes in new[] { 7, 17 })
            Assert.Equal(-1, ColumnLossesAvx512.Run(new int[classes], new short[classes * 32], 0, classes, 32, response, 0, new int[32], new int[classes], out _));
    }

    [Fact]
    public void ColumnLosses_NoUnitResponded_EvaluatesNothing()
    {
        var loss = new CrossEntropy(10, VectorLoopsAvx512.Instance);
        var losses = new int[32];
        Array.Fill(losses, 12345);
        int evaluated = loss.ColumnLosses(new int[10], new short[320], 0, 10, 32, new short[32], 3, new int[10], losses);
        Assert.Equal(0, evaluated);
        Assert.All(losses, l => Assert.Equal(12345, l));
    }

    /// <summary>
    /// kind 0: typical (logits within ±8, responses of σ's size); 1: far-apart logits (most exponentials 0); 2: equal
    /// logits; 3: logits near the int32 limits (saturating sums, differences beyond 2^31); 4: extreme responses and
    /// weights (±32767, −32768); 5: most units silent; 6: every unit responds; 7: a mix of all. The weight exponent
    /// goes round 0 .. Q.MaxWeightExponent with the trial.
    /// </summary>
    private static void Check(Pcg32 rng, int classes, int units, int kind, int trial)
    {
        int[] clean = new int[classes];
        short[] weights = new short[classes * units];
        short[] response = new short[units];
        for (int o = 0; o < classes; o++)
            clean[o] = kind switch
            {
                1 => rng.NextInt(2) == 0 ? rng.NextInt(1 << 24) - (1 << 23) : (rng.NextInt(2) == 0 ? int.MinValue / 2 : int.MaxValue / 3) + rng.NextInt(1000),
                2 => 5 << 16,
                3 => rng.NextInt(3) switch { 0 => int.MaxValue - rng.NextInt(1 << 22), 1 => int.MinValue + rng.NextInt(1 << 22), _ => rng.NextInt(1 << 20) },
                7 => (int)rng.NextUInt(),
                _ => rng.NextInt(16 << 16) - (8 << 16),
            };
        for (int i = 0; i < weights.Length; i++)
            weights[i] = kind == 4 || (kind == 7 && rng.NextInt(4) == 0)
                ? (short)(rng.NextInt(3) switch { 0 => short.MinValue, 1 => short.MaxValue, _ => -short.MaxValue })
                : (short)(rng.NextInt(16384) - 8192);
        for (int i = 0; i < units; i++)
        {
            bool silent = kind switch { 5 => rng.NextInt(8) != 0, 6 => false, _ => rng.NextInt(3) == 0 };
            if (silent) continue;
            response[i] = kind == 4 || (kind == 7 && rng.NextInt(3) == 0)
                ? (short)(rng.NextInt(3) switch { 0 => short.MinValue, 1 => short.MaxValue, _ => -short.MaxValue })
                : (short)(rng.NextInt(2 * 205 + 1) - 205);
            if (kind == 6 && response[i] == 0) response[i] = 1;
        }
        int label = rng.NextInt(classes);
        int exponent = trial % (Q.MaxWeightExponent + 1);

        var loss = new CrossEntropy(classes, VectorLoopsAvx512.Instance);
        int[] expected = Filled(units, rng);
        int[] device = (int[])expected.Clone();
        int[] twin = (int[])expected.Clone();
        int[] scratch = new int[classes];
        int expectedCount = 0;
        for (int i = 0; i < units; i++)
        {
            if (response[i] == 0) continue;
            Network.AddColumns(clean, weights, exponent, units, response, i, i + 1, scratch);
            expected[i] = loss.Forward(scratch, 0, classes, label, null);
            expectedCount++;
        }
        int deviceCount = loss.ColumnLossesPortable(clean, weights, exponent, classes, units, response, label, scratch, device);
        int twinCount = loss.ColumnLosses(clean, weights, exponent, classes, units, response, label, scratch, twin);
        Assert.Equal(expectedCount, deviceCount);
        Assert.Equal(expectedCount, twinCount);
        for (int i = 0; i < units; i++)
        {
            Assert.True(expected[i] == device[i], $"device loop, trial {trial}, kind {kind}, {classes}×{units}, e {exponent}, unit {i}: {device[i]} ≠ {expected[i]}");
            Assert.True(expected[i] == twin[i], $"twin, trial {trial}, kind {kind}, {classes}×{units}, e {exponent}, unit {i}: {twin[i]} ≠ {expected[i]}");
        }

        // with the clean logits' own loss and gradient in the same call (the twin's extra column for 8 to 16 classes)
        int[] expectedGradient = new int[classes];
        int expectedLoss = loss.Forward(clean, 0, classes, label, expectedGradient);
        int[] fused = Filled(units, rng);
        for (int i = 0; i < units; i++) if (response[i] != 0) fused[i] = ~expected[i];   // every evaluated loss must be written
        int[] gradient = Filled(classes, rng);
        int fusedLoss = loss.CleanAndColumnLosses(clean, weights, exponent, classes, units, response, label, scratch, fused, gradient, out int fusedCount);
        Assert.True(expectedLoss == fusedLoss, $"clean loss, trial {trial}, kind {kind}, {classes}×{units}: {fusedLoss} ≠ {expectedLoss}");
        Assert.Equal(expectedGradient, gradient);
        Assert.Equal(expectedCount, fusedCount);
        for (int i = 0; i < units; i++)
            if (response[i] != 0) Assert.True(expected[i] == fused[i], $"with the clean loss, trial {trial}, kind {kind}, {classes}×{units}, unit {i}: {fused[i]} ≠ {expected[i]}");
    }

    private static int[] Filled(int count, Pcg32 rng)
    {
        var values = new int[count];
        for (int i = 0; i < count; i++) values[i] = (int)rng.NextUInt();   // what a unit that did not respond keeps
        return values;
    }
}
