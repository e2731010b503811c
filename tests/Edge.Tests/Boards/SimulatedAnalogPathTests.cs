using Edge.Boards.Profiles;
using Edge.Boards.Simulated;
using Edge.Core.Numerics;
using Xunit;

namespace Edge.Tests.Boards;

public class SimulatedAnalogPathTests
{
    private static int[] Codes(SimulatedAnalogPath board, int[] stimulus, ulong noiseSeed)
    {
        var codes = new int[board.Channels];
        board.Read(stimulus, codes, new Pcg32(noiseSeed, 7));
        return codes;
    }

    private static int[] Ramp(SimulatedAnalogPath board)
    {
        var features = new float[board.Channels];
        for (int c = 0; c < features.Length; c++) features[c] = (c + 0.5f) / features.Length;
        var stimulus = new int[board.Channels];
        board.StimulusFromUnit(features, stimulus);
        return stimulus;
    }

    [Fact]
    public void SameSerialGivesIdenticalCodes()
    {
        BoardProfile profile = BoardTestProfiles.Shipped("sim-digits");
        var a = new SimulatedAnalogPath(profile, 42);
        var b = new SimulatedAnalogPath(profile, 42);
        int[] stimulus = Ramp(a);
        Assert.Equal(Codes(a, stimulus, 5), Codes(b, stimulus, 5));
        Assert.NotEqual(Codes(a, stimulus, 5), Codes(a, stimulus, 6)); // the noise is real
    }

    [Fact]
    public void DifferentSerialsAreDifferentBoards()
    {
        BoardProfile profile = BoardTestProfiles.Shipped("sim-digits");
        var a = new SimulatedAnalogPath(profile, 1);
        var b = new SimulatedAnalogPath(profile, 2);
        int differentGains = 0;
        for (int c = 0; c < a.Channels; c++) if (a.Gain(c) != b.Gain(c)) differentGains++;
        Assert.Equal(a.Channels, differentGains);
        Assert.NotEqual(a.VrefMv, b.VrefMv);

        // Same stimulus, same noise: the codes of two boards disagree by tens of LSB on average.
        int[] stimulus = Ramp(a);
        int[] codesA = Codes(a, stimulus, 5), codesB = Codes(b, stimulus, 5);
        double meanAbsDifference = codesA.Zip(codesB, (x, y) => Math.Abs(x - y)).Average();
        Assert.InRange(meanAbsDifference, 30, 2000);
    }

    [Fact]
    public void SpreadsMatchTheProfile()
    {
        BoardProfile profile = BoardTestProfiles.Shipped("sim-digits");
        var gains = new List<double>();
        var offsets = new List<double>();
        for (uint serial = 0; serial < 20; serial++)
        {
            var board = new SimulatedAnalogPath(profile, serial);
            for (int c = 0; c < board.Channels; c++) { gains.Add(board.Gain(c)); offsets.Add(board.OffsetLsb(c)); }
        }
        double gainSpread = profile.Inputs.GainSpread, offsetSpread = profile.Inputs.OffsetSpreadLsb;
        Assert.InRange(StandardDeviation(gains), gainSpread * 0.9, gainSpread * 1.1);
        Assert.InRange(gains.Average(), 1 - gainSpread / 10, 1 + gainSpread / 10);
        Assert.InRange(StandardDeviation(offsets), offsetSpread * 0.9, offsetSpread * 1.1);
    }

    [Fact]
    public void IdealBoardMapsZeroToZeroAndFullScaleToTopCodeMonotonically()
    {
        var board = new SimulatedAnalogPath(BoardTestProfiles.Ideal(channels: 1, bits: 12), serial: 9);
        var noise = new Pcg32(1, 1);
        var stimulus = new int[1];
        var codes = new int[1];
        double fullScale = board.NominalFullScaleMicrovolts;
        int previous = -1;
        for (int step = 0; step <= 8192; step++)
        {
            stimulus[0] = (int)Math.Round(fullScale * step / 8192.0);
            board.Read(stimulus, codes, noise);
            Assert.True(codes[0] >= previous, $"not monotonic at step {step}");
            Assert.Equal(Math.Min(4095, (int)Math.Floor(stimulus[0] / fullScale * 4096 + 0.5)), codes[0]);
            previous = codes[0];
        }
        stimulus[0] = 0; board.Read(stimulus, codes, noise); Assert.Equal(0, codes[0]);
        stimulus[0] = (int)fullScale; board.Read(stimulus, codes, noise); Assert.Equal(4095, codes[0]);
        stimulus[0] = int.MaxValue; board.Read(stimulus, codes, noise); Assert.Equal(4095, codes[0]);
        stimulus[0] = -1_000_000; board.Read(stimulus, codes, noise); Assert.Equal(0, codes[0]);
    }

    [Fact]
    public void ShippedSimulatedBoardIsMonotonicWithoutNoise()
    {
        BoardProfile profile = BoardTestProfiles.Shipped("sim-digits");
        profile = profile with { Inputs = profile.Inputs with { NoiseLsb = 0 } };
        var board = new SimulatedAnalogPath(profile, 3);
        var stimulus = new int[board.Channels];
        var codes = new int[board.Channels];
        var previous = new int[board.Channels];
        var noise = new Pcg32(0, 0);
        for (int step = 0; step <= 1024; step++)
        {
            Array.Fill(stimulus, (int)(board.NominalFullScaleMicrovolts * step / 1024.0));
            board.Read(stimulus, codes, noise);
            for (int c = 0; c < codes.Length; c++) Assert.True(codes[c] >= previous[c], $"channel {c} step {step}");
            Array.Copy(codes, previous, codes.Length);
        }
        Assert.All(codes, code => Assert.InRange(code, 0, 4095));
    }

    [Fact]
    public void NoiseHasTheProfileSigma()
    {
        const double sigma = 2.0;
        var board = new SimulatedAnalogPath(BoardTestProfiles.Ideal(channels: 64, noiseLsb: sigma), serial: 1);
        var stimulus = new int[64];
        Array.Fill(stimulus, (int)(board.NominalFullScaleMicrovolts * 2000.3 / 4096));
        var codes = new int[64];
        var noise = new Pcg32(11, 3);
        var samples = new List<double>();
        for (int read = 0; read < 200; read++)
        {
            board.Read(stimulus, codes, noise);
            foreach (int code in codes) samples.Add(code);
        }
        Assert.InRange(samples.Average(), 2000.3 - 0.1, 2000.3 + 0.1);
        Assert.InRange(StandardDeviation(samples), sigma * 0.9, sigma * 1.1);
    }

    [Fact]
    public void Esp32CompressesAboveTheKnee()
    {
        BoardProfile esp32 = BoardTestProfiles.Shipped("esp32-devkitc");
        var board = new SimulatedAnalogPath(esp32 with { Inputs = esp32.Inputs with { NoiseLsb = 0 } }, serial: 77);
        double CodesPerMillivolt(double fromMv, double toMv)
        {
            var stimulus = new int[board.Channels];
            var low = new int[board.Channels];
            var high = new int[board.Channels];
            Array.Fill(stimulus, (int)(fromMv * 1000)); board.Read(stimulus, low, new Pcg32(0, 0));
            Array.Fill(stimulus, (int)(toMv * 1000)); board.Read(stimulus, high, new Pcg32(0, 0));
            return high.Zip(low, (h, l) => (double)(h - l)).Average() / (toMv - fromMv);
        }
        double below = CodesPerMillivolt(500, 2000);  // well under code 2880
        double above = CodesPerMillivolt(3000, 3600); // well over it, under the top code
        Assert.InRange(below, 4096 / 3903.0 * 0.85, 4096 / 3903.0 * 1.15); // nominal 1.05 codes/mV ± Vref spread
        Assert.InRange(above / below, 0.4, 0.6);                          // slope_above_knee = 0.5
    }

    [Fact]
    public void AgeingDriftsGainsDeterministicallyAndEndsLife()
    {
        BoardProfile profile = BoardTestProfiles.Shipped("sim-digits");
        var board = new SimulatedAnalogPath(profile, 5);
        var twin = new SimulatedAnalogPath(profile, 5);
        double[] before = Enumerable.Range(0, board.Channels).Select(board.Gain).ToArray();
        board.Age(0);
        Assert.Equal(before, Enumerable.Range(0, board.Channels).Select(board.Gain));

        board.Age(2_000_000);
        twin.Age(1_000_000); twin.Age(1_000_000);
        double[] after = Enumerable.Range(0, board.Channels).Select(board.Gain).ToArray();
        Assert.Equal(after, Enumerable.Range(0, twin.Channels).Select(twin.Gain));
        double[] relativeChange = after.Zip(before, (a, b) => a / b - 1).ToArray();
        // σ of the drift is 0.02 per million operations: about 0.04 after two million.
        Assert.InRange(StandardDeviation(relativeChange), 0.04 * 0.7, 0.04 * 1.3);

        Assert.False(board.IsWornOut);
        board.Age(profile.EndOfLifeOps!.Value);
        Assert.True(board.IsWornOut);
        Assert.Throws<ArgumentOutOfRangeException>(() => board.Age(-1));
    }

    [Fact]
    public void ReadAllocatesNothing()
    {
        var board = new SimulatedAnalogPath(BoardTestProfiles.Shipped("sim-fashion"), 8);
        int[] stimulus = Ramp(board);
        var codes = new int[board.Channels];
        var noise = new Pcg32(1, 2);
        board.Read(stimulus, codes, noise);
        Assert.Equal(0, Allocations.Of(() => { for (int i = 0; i < 100; i++) board.Read(stimulus, codes, noise); }));
    }

    [Fact]
    public void UnitFeaturesMapToMicrovoltsOverFullScale()
    {
        int[] microvolts = SimulatedAnalogPath.MicrovoltsFromUnit(new[] { 0f, 0.5f, 1f, -3f, 7f }, fullScaleMv: 3300);
        Assert.Equal(new[] { 0, 1_650_000, 3_300_000, 0, 3_300_000 }, microvolts);
    }

    [Fact]
    public void ShortBuffersAreRejected()
    {
        var board = new SimulatedAnalogPath(BoardTestProfiles.Ideal(channels: 4), 1);
        Assert.Throws<ArgumentException>(() => board.Read(new int[3], new int[4], new Pcg32(0, 0)));
        Assert.Throws<ArgumentException>(() => board.Read(new int[4], new int[3], new Pcg32(0, 0)));
    }

    internal static double StandardDeviation(IReadOnlyCollection<double> values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
