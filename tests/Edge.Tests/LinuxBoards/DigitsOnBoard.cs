using Edge.Boards.Simulated;
using Edge.Accelerated;
using Edge.Core.Hardware;
using Edge.Core.Kernels;
using Edge.Core.Numerics;
using Edge.Core.Storage;
using Edge.Firmware;
using Edge.Host.Data;
using Edge.Host.Device;
using Edge.Host.Learn;

namespace Edge.Tests.LinuxBoards;

/// <summary>
/// An `edge train`-like run on any board: the firmware on the board, the host client over a loopback
/// transport, digits shown as stimuli (features × the profile's full scale, µV), the default AP settings
/// of <see cref="LearnDefaults"/>, a fresh Pcg32 order every epoch, test accuracy through INFER.
/// </summary>
internal static class DigitsOnBoard
{
    public static readonly int[] Sizes = [64, 32, 10];

    public static (DeviceFirmware Firmware, DeviceClient Client) Connect(IBoard board)
    {
        var firmware = new DeviceFirmware(board, HostKernels.Set);
        return (firmware, new DeviceClient(new LoopbackTransport(firmware), TimeSpan.FromSeconds(30)));
    }

    /// <summary>Trains <paramref name="epochs"/> epochs and returns the test accuracy (%) after each.</summary>
    public static double[] Train(DeviceClient client, Dataset data, double fullScaleMv, int epochs, ulong seed = 1)
    {
        LearnSettings settings = LearnDefaults.For(LearningAlgorithm.ActivityPerturbation, DataShape.Of(data), [Sizes[1]]) with { Seed = seed };
        client.Configure(Sizes, LearningAlgorithm.ActivityPerturbation, settings.CoreSettings(), initSeed: seed);
        int[][] train = data.TrainFeatures.Select(f => SimulatedAnalogPath.MicrovoltsFromUnit(f, fullScaleMv)).ToArray();
        int[][] test = data.TestFeatures.Select(f => SimulatedAnalogPath.MicrovoltsFromUnit(f, fullScaleMv)).ToArray();
        int[] order = Enumerable.Range(0, train.Length).ToArray();
        var shuffle = new Pcg32(seed, 3);
        var curve = new double[epochs];
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = shuffle.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            client.TrainBatch(order.Select(i => train[i]).ToArray(), order.Select(i => data.TrainLabels[i]).ToArray(), endBatch: true);
            curve[epoch] = Accuracy(client, test, data.TestLabels);
        }
        return curve;
    }

    public static double Accuracy(DeviceClient client, int[][] stimuli, int[] labels)
    {
        int[][] logits = client.InferBatch(stimuli);
        int correct = 0;
        for (int n = 0; n < labels.Length; n++)
        {
            int best = 0;
            for (int k = 1; k < logits[n].Length; k++) if (logits[n][k] > logits[n][best]) best = k;
            if (best == labels[n]) correct++;
        }
        return 100.0 * correct / labels.Length;
    }
}
