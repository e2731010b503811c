using Edge.Core.Kernels;
using Edge.Core.Learning;
using Edge.Core.Model;
using Edge.Core.Numerics;
using Edge.Core.Protocol;
using Edge.Core.Storage;
using Edge.Firmware;
using Edge.Host.Device;
using Edge.Tests.Firmware;
using Xunit;

namespace Edge.Tests.Device;

/// <summary>Every request through the host client over the loopback transport, checked against Edge.Core run directly.</summary>
public class DeviceClientTests
{
    private const int Channels = 8;

    private static (TestBoard Board, DeviceFirmware Firmware, DeviceClient Client) Connect(int channels = Channels, MemoryStorage? storage = null)
    {
        var board = new TestBoard(channels, storage: storage);
        var firmware = new DeviceFirmware(board);
        return (board, firmware, new DeviceClient(new LoopbackTransport(firmware)));
    }

    private static LearnerSettings Settings() => new() { BatchSize = 3, Seed = 11, Groups = 2 };

    private static int[] Stimulus(TestBoard board, Pcg32 rng)
    {
        var uv = new int[board.IdealInput.ChannelCount];
        for (int i = 0; i < uv.Length; i++) uv[i] = board.IdealInput.MicrovoltsFor(rng.NextInt(1 << board.IdealInput.AdcBits));
        return uv;
    }

    private static int[] Codes(TestBoard board, int[] uv) => uv.Select(board.IdealInput.Code).ToArray();

    private static short[] WeightsOf(Network network)
    {
        var all = new short[network.ParameterCount];
        WeightStream.Read(network, 0, all, 0, all.Length);
        return all;
    }

    [Fact]
    public void HelloAndInfoDescribeTheBoardAndModel()
    {
        var (board, _, client) = Connect();
        var hello = client.Hello();
        Assert.Equal(new DeviceHello(Edge.Core.Protocol.ProtocolVersion.Current, FirmwareInfo.FirmwareVersion, ModelImage.ExponentsFormatVersion, 1234u, Channels, 12, "test-ideal"), hello);

        var info = client.Info();
        Assert.Equal(hello, info.Identity);
        Assert.Null(info.Model);
        Assert.Equal(board.FreeMemory, info.FreeMemory);

        var configured = client.Configure(new[] { Channels, 5, 3 }, LearningAlgorithm.ActivityPerturbationLocal, Settings(), 21);
        Assert.Equal(9 * 5 + 6 * 3, configured.ParameterCount);
        info = client.Info();
        Assert.NotNull(info.Model);
        Assert.Equal(new[] { Channels, 5, 3 }, info.Model!.Config.CopySizes());
        Assert.Equal("ap-local", info.Model.AlgorithmName);
        Assert.Equal((3, 11ul, 21ul, 2), (info.Model.Config.Learner.BatchSize, info.Model.Config.Learner.Seed, info.Model.Config.InitSeed, info.Model.Config.Learner.Groups));
        Assert.Equal(configured.StateBytes, info.Model.StateBytes);
        Assert.Equal(ActivationKind.Relu, info.Model.ActivationKind);
    }

    [Fact]
    public void PresentSampleInferMatchTheIdealAdcAndTheNetwork()
    {
        var (board, _, client) = Connect();
        client.Configure(new[] { Channels, 6, 4 }, LearningAlgorithm.ActivityPerturbation, Settings(), 3);
        var reference = new Network(new[] { Channels, 6, 4 });
        reference.Initialize(3);
        var rng = new Pcg32(5, 5);
        for (int trial = 0; trial < 5; trial++)
        {
            var uv = Stimulus(board, rng);
            Assert.True(client.Present(uv));
            Assert.Equal(Codes(board, uv), client.Sample());
            AdcInput.ToQ0_15(Codes(board, uv), 12, reference.Input, Channels);
            Assert.Equal(reference.Forward(), client.Infer());
        }

        var stimuli = Enumerable.Range(0, 40).Select(_ => Stimulus(board, rng)).ToArray(); // several frames
        var codes = client.PresentBatch(stimuli);
        var logits = client.InferBatch(stimuli);
        for (int i = 0; i < stimuli.Length; i++)
        {
            Assert.Equal(Codes(board, stimuli[i]), codes[i]);
            AdcInput.ToQ0_15(codes[i], 12, reference.Input, Channels);
            Assert.Equal(reference.Forward(), logits[i]);
        }
        Assert.Equal(5 * 2 + 40 * 2, client.Stats().Operations);
    }

    [Fact]
    public void CompactStimulusEncodingQuantisesToItsStep()
    {
        var (board, _, client) = Connect();
        client.StimulusStepMicrovolts = 100;
        var stimuli = new[] { new[] { 0, 49, 50, 151, 1_000_000, 3_299_999, 7_000_000, -5 } };
        var codes = client.PresentBatch(stimuli)[0];
        var expected = new[] { 0, 0, 100, 200, 1_000_000, 3_300_000, 6_553_500, 0 }.Select(board.IdealInput.Code).ToArray();
        Assert.Equal(expected, codes);
    }

    [Fact]
    public void TrainAndTrainSoftMatchTheLearnerRunDirectly()
    {
        var (board, _, client) = Connect();
        var settings = Settings();
        client.Configure(new[] { Channels, 6, 4 }, LearningAlgorithm.ActivityPerturbation, settings, 3);
        var network = new Network(new[] { Channels, 6, 4 });
        network.Initialize(3);
        var learner = new ActivityPerturbation(network, new LearnerSettings { BatchSize = 3, Seed = 11, Groups = 2 });
        var rng = new Pcg32(8, 1);
        var teacher = new int[4];
        for (int i = 0; i < 10; i++)
        {
            var uv = Stimulus(board, rng);
            client.Present(uv);
            AdcInput.ToQ0_15(Codes(board, uv), 12, network.Input, Channels);
            TrainResult result;
            if (i % 2 == 0)
            {
                result = client.Train(i % 4, endBatch: i == 8);
                learner.Target.SetLabel(i % 4);
            }
            else
            {
                for (int k = 0; k < 4; k++) teacher[k] = rng.NextInt(4 << 16) - (2 << 16);
                result = client.TrainSoft(teacher, 2 << 16, label: i % 3 == 0 ? 1 : -1, alphaQ16: 1 << 14);
                learner.Target.SetTeacher(teacher, true, 2 << 16, i % 3 == 0 ? 1 : -1, 1 << 14);
            }
            learner.Train();
            if (i == 8) learner.EndBatch();
            Assert.Equal(learner.LastLoss, result.LossQ16);
            Assert.Equal(network.Predict(), result.Predicted);
        }
        Assert.Equal(WeightsOf(network), client.GetWeights());
        var stats = client.Stats(resetAccuracy: true);
        Assert.Equal(10, stats.SamplesTrained);
        Assert.Equal(learner.ForwardPasses, stats.ForwardPasses);
        Assert.Equal(learner.LastLoss, stats.LastLossQ16);
        Assert.Equal(10u, stats.Counted);
        Assert.Equal(0u, client.Stats().Counted);
    }

    [Fact]
    public void WeightsMoveInChunksBothWays()
    {
        var (_, firmware, client) = Connect();
        client.Configure(new[] { Channels, 200, 10 }, LearningAlgorithm.ActivityPerturbation, Settings(), 1);
        int count = 9 * 200 + 201 * 10;
        var rng = new Pcg32(3, 3);
        var weights = Enumerable.Range(0, count).Select(_ => (short)rng.NextUInt()).ToArray();
        client.PutWeights(weights);
        Assert.Equal(weights, client.GetWeights());
        Assert.Equal(weights, WeightsOf(firmware.Model!.Network));
        Assert.Throws<ArgumentException>(() => client.PutWeights(new short[count - 1]));
    }

    /// <summary>
    /// Weight exponents in a GET_WEIGHTS answer that no board can have (beyond Q7.8, or on a layer the model lacks)
    /// are a malformed answer, not weights to misscale; the board's own exponents still read as they are.
    /// </summary>
    [Fact]
    public void GetWeights_RefusesExponentsNoBoardCanHave()
    {
        var (_, firmware, _) = Connect();
        var wire = new ExponentsRewritingWire(new LoopbackTransport(firmware));
        var client = new DeviceClient(wire);
        client.Configure(new[] { Channels, 6, 4 }, LearningAlgorithm.ActivityPerturbation, Settings(), 3);
        foreach (int invalid in new[] { 0x05, 0x50, 0x100 })
        {
            wire.Exponents = invalid;
            Assert.Contains("malformed", Assert.Throws<DeviceException>(() => client.GetWeights(out _)).Message);
        }
        wire.Exponents = 0x34;
        client.GetWeights(out int exponents);
        Assert.Equal(0x34, exponents);
    }

    /// <summary>The board's frames, passed on to the client with the weight exponents of GET_WEIGHTS answers replaced.</summary>
    private sealed class ExponentsRewritingWire(LoopbackTransport inner) : Edge.Host.Transport.IByteTransport
    {
        private const int ExponentsAt = 10;   // after u32 total, u32 offset, u16 count
        private readonly FrameReader _frames = new();
        private readonly Queue<byte> _passed = new();
        public int Exponents;

        public void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public int Read(byte[] buffer, int offset, int count, TimeSpan timeout)
        {
            var chunk = new byte[4096];
            while (_passed.Count == 0)
            {
                int n = inner.Read(chunk, 0, chunk.Length, timeout);
                if (n == 0) return 0;
                for (int i = 0; i < n; i++)
                    if (_frames.Push(chunk[i]) == FrameStatus.Ok) PassOn();
            }
            int k = 0;
            while (k < count && _passed.Count > 0) buffer[offset + k++] = _passed.Dequeue();
            return k;
        }

        private void PassOn()
        {
            byte[] body = _frames.Body[_frames.BodyOffset..(_frames.BodyOffset + _frames.BodyLength)];
            if (_frames.Type == (MessageType.GetWeights | MessageType.ResponseFlag)) System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(ExponentsAt), (ushort)Exponents);
            var frame = new byte[FrameWriter.MaxFrameLength(body.Length)];
            int length = FrameWriter.Write(_frames.Type, _frames.Sequence, body, 0, body.Length, frame);
            for (int i = 0; i < length; i++) _passed.Enqueue(frame[i]);
        }

        public void Dispose() => inner.Dispose();
    }

    /// <summary>
    /// A layer's weight exponent travels with its weights: PUT sets it, GET reports it, the board's passes read the
    /// values at that scale, SAVE keeps it across a reboot, and an exponent out of range changes nothing.
    /// </summary>
    [Fact]
    public void WeightExponentsTravelWithTheWeights_AndOnesOutOfRangeChangeNothing()
    {
        var storage = new MemoryStorage();
        var (board, firmware, client) = Connect(storage: storage);
        client.Configure(new[] { Channels, 6, 4 }, LearningAlgorithm.ActivityPerturbation, Settings(), 3);
        var reference = new Network(new[] { Channels, 6, 4 });
        reference.Initialize(3);
        reference.WeightExponents[1] = 3;
        short[] weights = WeightsOf(reference);
        client.PutWeights(weights, exponents: 0x30);
        Assert.Equal(weights, client.GetWeights(out int exponents));
        Assert.Equal(0x30, exponents);

        var uv = Stimulus(board, new Pcg32(5, 5));
        client.Present(uv);
        AdcInput.ToQ0_15(Codes(board, uv), 12, reference.Input, Channels);
        int[] logits = reference.Forward();
        Assert.Equal(logits, client.Infer());

        foreach (int invalid in new[] { 0x50, 0x05, 0x100, 0xF000 })
        {
            var e = Assert.Throws<DeviceException>(() => client.PutWeights(new short[weights.Length], invalid));
            Assert.Equal(ErrorCode.BadArgument, e.Code);
        }
        Assert.Equal(weights, client.GetWeights(out exponents));
        Assert.Equal(0x30, exponents);

        client.Save();
        var rebooted = new DeviceClient(new LoopbackTransport(new DeviceFirmware(new TestBoard(Channels, storage: storage))));
        Assert.Equal(weights, rebooted.GetWeights(out exponents));
        Assert.Equal(0x30, exponents);
        rebooted.Present(uv);
        Assert.Equal(logits, rebooted.Infer());
    }

    [Fact]
    public void PutWeightsWithAnotherArchitectureIsRejected()
    {
        var (_, _, client) = Connect();
        client.Configure(new[] { Channels, 4, 3 }, LearningAlgorithm.ReadoutOnly, Settings(), 1);
        var other = new DeviceClient(client.Transport);
        other.Configure(new[] { Channels, 3, 4 }, LearningAlgorithm.ReadoutOnly, Settings(), 1); // another shape on the same board
        var e = Assert.Throws<DeviceException>(() => client.PutWeights(new short[9 * 4 + 5 * 3]));
        Assert.Equal(ErrorCode.BadArgument, e.Code);
        Assert.Contains("BAD_ARGUMENT", e.Message);
    }

    [Fact]
    public void SaveLoadAndResetRestoreTheModel()
    {
        var storage = new MemoryStorage();
        var (board, firmware, client) = Connect(storage: storage);
        Assert.Equal(ErrorCode.NoSavedModel, Assert.Throws<DeviceException>(() => client.Load()).Code);
        client.Configure(new[] { Channels, 6, 3 }, LearningAlgorithm.WeightPerturbation, Settings(), 2);
        var rng = new Pcg32(1, 1);
        client.TrainBatch(Enumerable.Range(0, 6).Select(_ => Stimulus(board, rng)).ToArray(), new[] { 0, 1, 2, 0, 1, 2 }, endBatch: true);
        var saved = client.GetWeights();
        var first = client.Save();
        Assert.Equal((1u, 0), (first.Generation, first.Slot));
        Assert.Equal(ModelImage.ImageLength(saved.Length, 0), first.ImageBytes);
        var second = client.Save();
        Assert.Equal((2u, 1), (second.Generation, second.Slot));

        client.Configure(new[] { Channels, 5, 5 }, LearningAlgorithm.ActivityPerturbation, Settings(), 9);
        var loaded = client.Load();
        Assert.Equal((2u, 1, 6L), (loaded.Generation, loaded.Slot, loaded.SamplesSeen));
        Assert.Equal(LearningAlgorithm.WeightPerturbation, loaded.Config.Algorithm);
        Assert.Equal(saved, client.GetWeights());

        client.Configure(new[] { Channels, 5, 5 }, LearningAlgorithm.ActivityPerturbation, Settings(), 9);
        var reset = client.Reset();
        Assert.Equal(new ResetResult(true, 2u), reset);
        Assert.Equal(saved, client.GetWeights());
        Assert.Equal(6, client.Stats().SamplesTrained);

        // a new firmware on the same storage boots into the same model
        var rebooted = new DeviceClient(new LoopbackTransport(new DeviceFirmware(new TestBoard(Channels, storage: storage))));
        Assert.Equal(saved, rebooted.GetWeights());
    }

    [Fact]
    public void ErrorsAreDeviceExceptionsWithCodeAndMessage()
    {
        var (_, _, client) = Connect();
        var e = Assert.Throws<DeviceException>(() => client.Infer());
        Assert.Equal(ErrorCode.NotConfigured, e.Code);
        Assert.Equal("INFER failed: NOT_CONFIGURED: no model: send CONFIGURE or LOAD first", e.Message);

        e = Assert.Throws<DeviceException>(() => client.Configure(new[] { Channels + 1, 4, 3 }, LearningAlgorithm.ActivityPerturbation, Settings(), 1));
        Assert.Equal(ErrorCode.BadArgument, e.Code);

        client.Configure(new[] { Channels, 4, 3 }, LearningAlgorithm.ActivityPerturbation, Settings(), 1);
        e = Assert.Throws<DeviceException>(() => client.Train(3));
        Assert.Equal(ErrorCode.BadArgument, e.Code);
        e = Assert.Throws<DeviceException>(() => client.TrainSoft(new int[3], 0));
        Assert.Contains("temperature", e.Message);
        Assert.Equal(3, client.Infer().Length); // still serving
    }

    [Fact]
    public void SilentBoardTimesOutWithAClearMessage()
    {
        var board = new TestBoard { Lifetime = 0 };
        var client = new DeviceClient(new LoopbackTransport(new DeviceFirmware(board)), TimeSpan.FromMilliseconds(50));
        var e = Assert.Throws<DeviceException>(() => client.Hello());
        Assert.Equal("board did not answer HELLO within 0.05 s", e.Message);
        Assert.Equal(ErrorCode.None, e.Code);
        client.Transport.Dispose();
        e = Assert.Throws<DeviceException>(() => client.Hello());
        Assert.StartsWith("connection to the board failed while sending HELLO", e.Message);
    }

    [Fact]
    public void SetRates_ZeroFreezesTheModel_AndBadRatesOrNoModelAreErrors()
    {
        var (board, _, client) = Connect();
        var none = Assert.Throws<DeviceException>(() => client.SetRates(65536, 65536));
        Assert.Equal("NOT_CONFIGURED", none.CodeName);

        client.Configure(new[] { Channels, 6, 3 }, LearningAlgorithm.ActivityPerturbation, Settings(), 2);
        var rng = new Pcg32(5, 0);
        int[][] stimuli = Enumerable.Range(0, 6).Select(_ => Stimulus(board, rng)).ToArray();
        int[] labels = { 0, 1, 2, 0, 1, 2 };
        client.TrainBatch(stimuli, labels, endBatch: true);
        short[] before = client.GetWeights();

        client.SetRates(0, 0);
        client.TrainBatch(stimuli, labels, endBatch: true);
        Assert.Equal(before, client.GetWeights());

        client.SetRates(6554, 6554);
        client.TrainBatch(stimuli, labels, endBatch: true);
        Assert.NotEqual(before, client.GetWeights());

        var bad = Assert.Throws<DeviceException>(() => client.SetRates(-1, 0));
        Assert.Equal("BAD_ARGUMENT", bad.CodeName);
    }

    [Fact]
    public void SetRates_LeavesTheSettingsInfoReturnedAlone_AndTheBoardReportsTheNewRates()
    {
        var (_, _, client) = Connect();
        client.Configure(new[] { Channels, 6, 3 }, LearningAlgorithm.ActivityPerturbation, Settings(), 2);
        ModelConfig given = client.Info().Model!.Config;
        int hidden = given.Learner.HiddenLearningRateQ16, output = given.Learner.OutputLearningRateQ16;

        client.SetRates(hidden / 10, output / 10);

        // a caller that schedules rates from the model's own must keep reading its own, not the last ones set
        Assert.Equal(hidden, given.Learner.HiddenLearningRateQ16);
        Assert.Equal(output, given.Learner.OutputLearningRateQ16);
        ModelConfig now = client.Info().Model!.Config;
        Assert.Equal(hidden / 10, now.Learner.HiddenLearningRateQ16);
        Assert.Equal(output / 10, now.Learner.OutputLearningRateQ16);
    }
}
