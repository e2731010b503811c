using Edge.Core.Protocol;
using Edge.Core.Storage;
using Edge.Firmware;
using Xunit;

namespace Edge.Tests.Firmware;

/// <summary>The command loop at the frame level: one answer per request, errors, framing faults, end of life.</summary>
public class FirmwareBehaviourTests
{
    internal static byte[] ConfigureBody(int[] sizes, byte algorithm = LearningAlgorithm.ActivityPerturbation, int batch = 4, int extraBits = 16,
                                         bool stepControl = false, int groups = 1)
    {
        var config = new ModelConfig { Algorithm = algorithm, InitSeed = 5, Learner = { BatchSize = batch, ExtraWeightBits = extraBits, StepControl = stepControl, Groups = groups } };
        config.SetSizes(sizes);
        var buffer = new byte[FrameLimits.MaxBody];
        var writer = new BodyWriter(buffer);
        ConfigCodec.Write(writer, config);
        return buffer.AsSpan(0, writer.Length).ToArray();
    }

    [Fact]
    public void EveryRequestGetsExactlyOneAnswerWithItsSequence()
    {
        var link = new FirmwareLink(new DeviceFirmware(new TestBoard()));
        for (byte type = 0; type < 0x90; type++)
        {
            ushort sequence = (ushort)(1000 + type);
            var answer = link.Request(type, sequence, Array.Empty<byte>());
            Assert.Equal(sequence, answer.Sequence);
            Assert.True(answer.Type == MessageType.Error || answer.Type == MessageType.ResponseTo(type));
            if (!MessageType.IsKnownRequest(type)) Assert.Equal(ErrorCode.UnknownType, FirmwareLink.ErrorCodeOf(answer.Body));
        }
    }

    [Fact]
    public void DamagedFramesAreAnsweredWhenTheirSequenceIsReadableAndSkippedOtherwise()
    {
        var link = new FirmwareLink(new DeviceFirmware(new TestBoard()));
        // bad CRC: a well-encoded payload whose CRC does not match
        var payload = new byte[] { MessageType.Hello, 0x34, 0x12, 0xAB, 0xCD };
        var badCrc = new byte[16];
        int encoded = Cobs.Encode(payload, 0, payload.Length, badCrc, 0);
        link.SendRaw(badCrc[..(encoded + 1)]);
        Assert.Single(link.Answers);
        Assert.Equal(MessageType.Error, link.Answers[0].Type);
        Assert.Equal(0x1234, link.Answers[0].Sequence);
        Assert.Equal(ErrorCode.BadCrc, FirmwareLink.ErrorCodeOf(link.Answers[0].Body));

        link.SendRaw(new byte[] { 0x02, 0x07, 0x00 }); // decodes to one byte: no header, skipped
        Assert.Single(link.Answers);

        var oversize = Enumerable.Repeat((byte)0x11, 5000).Append((byte)0).ToArray();
        link.SendRaw(oversize);
        Assert.Equal(2, link.Answers.Count);
        Assert.Equal(ErrorCode.Oversize, FirmwareLink.ErrorCodeOf(link.Answers[1].Body));

        var hello = link.Request(MessageType.Hello, 7, Array.Empty<byte>());
        Assert.Equal(MessageType.ResponseTo(MessageType.Hello), hello.Type);
    }

    [Fact]
    public void BadConfigureIsRejectedAndKeepsTheOldModel()
    {
        var board = new TestBoard(channels: 8) { FreeMemory = 200_000 };
        var firmware = new DeviceFirmware(board);
        var link = new FirmwareLink(firmware);
        Assert.Equal(MessageType.ResponseTo(MessageType.Configure), link.Request(MessageType.Configure, 1, ConfigureBody(new[] { 8, 6, 3 })).Type);
        var model = firmware.Model;
        Assert.NotNull(model);
        var weightsBefore = new short[model!.Network.ParameterCount];
        WeightStream.Read(model.Network, 0, weightsBefore, 0, weightsBefore.Length);

        var bad = new (byte[] Body, byte Code)[]
        {
            (ConfigureBody(new[] { 9, 6, 3 }), ErrorCode.BadArgument),            // input ≠ channels
            (ConfigureBody(new[] { 8, 6, 6, 6, 6, 3 }), ErrorCode.BadBody),        // 5 layers: not even a valid body
            (ConfigureBody(new[] { 8, 1025, 3 }), ErrorCode.BadArgument),          // too wide
            (ConfigureBody(new[] { 8, 6, 1 }), ErrorCode.BadArgument),             // one class
            (ConfigureBody(new[] { 8, 6, 3 }, algorithm: 9), ErrorCode.BadArgument),
            (ConfigureBody(new[] { 8, 6, 3 }, batch: 0), ErrorCode.BadArgument),
            (ConfigureBody(new[] { 8, 600, 600, 3 }), ErrorCode.OutOfMemory),    // beyond the board's free memory
            (ConfigureBody(new[] { 8, 6, 3 })[..^1], ErrorCode.BadBody),           // truncated
            (WithFlags(ConfigureBody(new[] { 8, 6, 3 }), 5 << 2), ErrorCode.BadBody),    // no such extra-bits code
            (WithFlags(ConfigureBody(new[] { 8, 6, 3 }), 0x80), ErrorCode.BadBody),      // unknown flag bit
            (ConfigureBody(new[] { 8, 6, 3 }, algorithm: LearningAlgorithm.WeightPerturbation, extraBits: 4), ErrorCode.BadArgument),
            (Array.Empty<byte>(), ErrorCode.BadBody),
        };
        foreach (var (body, code) in bad)
        {
            var answer = link.Request(MessageType.Configure, 2, body);
            Assert.Equal(MessageType.Error, answer.Type);
            Assert.Equal(code, FirmwareLink.ErrorCodeOf(answer.Body));
            Assert.Same(model, firmware.Model);
        }
        var weightsAfter = new short[weightsBefore.Length];
        WeightStream.Read(firmware.Model!.Network, 0, weightsAfter, 0, weightsAfter.Length);
        Assert.Equal(weightsBefore, weightsAfter);
    }

    /// <summary>The config block with its flags byte (after L, the sizes and the algorithm) replaced.</summary>
    private static byte[] WithFlags(byte[] body, int flags)
    {
        body[1 + 2 * (body[0] + 1) + 1] = (byte)flags;
        return body;
    }

    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    [InlineData(2)]
    [InlineData(0)]
    public void ExtraWeightBits_ReachTheLearnerAndSurviveASaveAndABoot(int extraBits)
    {
        // the compact stores that keep the default 64-32-10 learner (step control, every unit alone) under 8 KB, configured over the wire
        var storage = new MemoryStorage();
        var firmware = new DeviceFirmware(new TestBoard(channels: 64, storage: storage));
        var link = new FirmwareLink(firmware);
        var answer = link.Request(MessageType.Configure, 1, ConfigureBody(new[] { 64, 32, 10 }, extraBits: extraBits, stepControl: true, groups: 32));
        Assert.Equal(MessageType.ResponseTo(MessageType.Configure), answer.Type);
        Assert.Equal(extraBits, firmware.Model!.Learner.Settings.ExtraWeightBits);
        int stateBytes = BitConverter.ToInt32(answer.Body, 4);
        Assert.Equal(firmware.Model.Learner.StateBytes, stateBytes);
        if (extraBits <= 4) Assert.True(stateBytes <= 8192, $"{extraBits} extra bits: {stateBytes} B");
        link.Request(MessageType.Save, 2, Array.Empty<byte>());

        var rebooted = new DeviceFirmware(new TestBoard(channels: 64, storage: storage));
        Assert.Equal(extraBits, rebooted.Model!.Config.Learner.ExtraWeightBits);
        Assert.Equal(extraBits, rebooted.Model.Learner.Settings.ExtraWeightBits);
    }

    [Fact]
    public void DeadBoardAnswersNothing()
    {
        var board = new TestBoard { Lifetime = 3 };
        var link = new FirmwareLink(new DeviceFirmware(board));
        for (int i = 0; i < 3; i++) link.Request(MessageType.Sample, (ushort)i, Array.Empty<byte>()); // the last operations are answered
        Assert.False(board.IsAlive);
        link.SendRaw(FirmwareLink.Frame(MessageType.Hello, 9, Array.Empty<byte>()));
        link.SendRaw(new byte[] { 0x01, 0x01, 0x00 }); // damaged too
        Assert.Equal(3, link.Answers.Count);
    }

    [Fact]
    public void BootLoadsTheSavedModelAndRejectsOneForOtherChannels()
    {
        var storage = new MemoryStorage();
        var link = new FirmwareLink(new DeviceFirmware(new TestBoard(channels: 8, storage: storage)));
        link.Request(MessageType.Configure, 1, ConfigureBody(new[] { 8, 6, 3 }));
        Assert.Equal(MessageType.ResponseTo(MessageType.Save), link.Request(MessageType.Save, 2, Array.Empty<byte>()).Type);

        var rebooted = new DeviceFirmware(new TestBoard(channels: 8, storage: storage));
        Assert.NotNull(rebooted.Model);
        Assert.Equal(1u, rebooted.Model!.Generation);

        var otherBoard = new DeviceFirmware(new TestBoard(channels: 4, storage: storage));
        Assert.Null(otherBoard.Model);
        var answer = new FirmwareLink(otherBoard).Request(MessageType.Load, 3, Array.Empty<byte>());
        Assert.Equal(ErrorCode.Unsupported, FirmwareLink.ErrorCodeOf(answer.Body));
    }
}
