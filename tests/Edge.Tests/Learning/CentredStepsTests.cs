using System.Globalization;
using System.Text;
using Edge.Core.Kernels;
using Edge.Core.Learning;
using Edge.Core.Model;
using Edge.Core.Numerics;
using Edge.Core.Storage;
using Edge.Tests.Commands;
using Edge.Tests.Data;

namespace Edge.Tests.Learning;

/// <summary>
/// Centred steps (<see cref="LearnerSettings.CentredSteps"/>, <see cref="InputCentring"/>): the running mean against a
/// float reference, saturation at the int16 ends, the flag through the config byte, the default left as it was, and the
/// case they were for: wide dense inputs.
/// </summary>
public class CentredStepsTests
{
    [Fact]
    public void TheRunningMean_FollowsItsFloatReference_AndTheCentredInputIsXMinusIt()
    {
        const int inputs = 7;
        var centring = new InputCentring(inputs);
        var rng = new Pcg32(5, 6);
        var mean = new double[inputs];
        var x = new short[inputs];
        var centred = new short[inputs];
        for (int t = 1; t <= 5000; t++)
        {
            for (int j = 0; j < inputs; j++) x[j] = (short)(j * 4000 + rng.NextInt(8000) - 4000 * (t % 3));
            centring.Centre(x, inputs, centred);
            double rate = 1.0 / (1 << Math.Min(InputCentring.MeanShift, (int)Math.Log2(t)));
            for (int j = 0; j < inputs; j++)
            {
                mean[j] += (x[j] - mean[j]) * rate;
                // the int32 mean floors once per sample: it may trail the float one by a few LSB of x after many samples
                Assert.True(Math.Abs(centred[j] - (x[j] - mean[j])) <= 3, $"t {t}, input {j}: {centred[j]} against {x[j] - mean[j]:F2}");
            }
        }
    }

    [Fact]
    public void TheCentredInput_SaturatesAtTheInt16Ends_NeverWraps()
    {
        var centring = new InputCentring(2);
        var centred = new short[2];
        for (int t = 0; t < 3000; t++) centring.Centre([short.MaxValue, short.MinValue], 2, centred);
        centring.Centre([short.MinValue, short.MaxValue], 2, centred);
        Assert.Equal(short.MinValue, centred[0]);   // −32768 − ~32767 saturates
        Assert.Equal(short.MaxValue, centred[1]);
    }

    [Fact]
    public void TheFlag_TravelsInTheConfigByte_AndAnUnknownBitIsStillRefused()
    {
        var settings = new LearnerSettings { CentredSteps = true, StepControl = true, ExtraWeightBits = 4 };
        var back = new LearnerSettings();
        Assert.True(back.SetFlags(settings.Flags));
        Assert.True(back.CentredSteps && back.StepControl && back.ExtraWeightBits == 4);
        Assert.False(new LearnerSettings().SetFlags(0x80));
    }

    [Fact]
    public void ALearnerWithCentredSteps_AllocatesNothingPerSample_AndCountsItsState()
    {
        int[] sizes = [16, 8, 4];
        Learner Build(bool centred)
        {
            var network = new Network(sizes);
            network.Initialize(3);
            return new ActivityPerturbation(network, new LearnerSettings { Groups = 8, StepControl = true, CentredSteps = centred, BatchSize = 4 });
        }
        Learner plain = Build(false), centred = Build(true);
        // 4 bytes of mean per input of each hidden layer (the output layer steps uncentred), and the widest one's centred copy
        Assert.Equal(plain.StateBytes + 16 * 4 + 16 * 2, centred.StateBytes);
        var rng = new Pcg32(1, 2);
        void Sample()
        {
            for (int i = 0; i < 16; i++) centred.Network.Input[i] = (short)rng.NextInt(32768);
            centred.Target.SetLabel(rng.NextInt(4));
            centred.Train();
        }
        for (int i = 0; i < 64; i++) Sample();
        Assert.Equal(0, Allocations.Of(() => { for (int i = 0; i < 256; i++) Sample(); }));
    }

    /// <summary>
    /// The case both are for: wide dense inputs, on which the default collapsed to one class before step control bounded
    /// a hidden layer's common move (<see cref="StepControl.StepFrac"/>). The default and centred steps both learn now.
    /// </summary>
    [Fact]
    public void OnWideDenseInputs_TheDefaultAndCentredStepsLearn()
    {
        using var dir = new TempDirectory();
        string csv = dir.File("wide.csv");
        File.WriteAllText(csv, WideDenseData(features: 300, classes: 5, rows: 1500, seed: 3));
        var plain = EdgeRunner.Json("bench", "learn", "--data", "csv:" + csv, "--hidden", "32", "--epochs", "5", "--seed", "1");
        var centred = EdgeRunner.Json("bench", "learn", "--data", "csv:" + csv, "--hidden", "32", "--epochs", "5", "--seed", "1", "--centred-steps");
        double byDefault = plain.GetProperty("test_accuracy").GetDouble(), after = centred.GetProperty("test_accuracy").GetDouble();
        Assert.True(centred.GetProperty("centred_steps").GetBoolean());
        // 5 classes: chance, or one class everywhere, is 20 %
        Assert.True(byDefault >= 40, $"the default reached only {byDefault} %");
        Assert.True(after >= 40, $"centred steps reached only {after} %");
    }

    /// <summary>
    /// Classes as noisy points around their own random centres in many dimensions, every feature dense and of one sign
    /// once scaled into [0, 1]: only a few directions separate them.
    /// </summary>
    private static string WideDenseData(int features, int classes, int rows, ulong seed)
    {
        var rng = new Pcg32(seed, 1);
        double Noise() { double s = 0; for (int i = 0; i < 6; i++) s += rng.NextInt(1 << 20) / (double)(1 << 20); return s - 3; }
        var centres = new double[classes, features];
        for (int c = 0; c < classes; c++)
            for (int f = 0; f < features; f++) centres[c, f] = f < 30 ? 1.5 * Noise() : 0;
        var text = new StringBuilder(string.Join(",", Enumerable.Range(0, features).Select(f => "f" + f)) + ",label\n");
        for (int r = 0; r < rows; r++)
        {
            int label = r % classes;
            for (int f = 0; f < features; f++) text.Append((centres[label, f] + Noise()).ToString("F4", CultureInfo.InvariantCulture)).Append(',');
            text.Append('c').Append(label).Append('\n');
        }
        return text.ToString();
    }
}
