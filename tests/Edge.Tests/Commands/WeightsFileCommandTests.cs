using System.Text.Json;
using Edge.Core.Learning;
using Edge.Core.Storage;
using Edge.Host.Boards;
using Edge.Tests.Data;
using Edge.Tests.Transport;
using Xunit;
using static Edge.Tests.Commands.EdgeRunner;

namespace Edge.Tests.Commands;

/// <summary>The weights file between commands: what `bench learn --out` writes `weights put` takes; an earlier edge's file still goes on a board.</summary>
public class WeightsFileCommandTests
{
    /// <summary>Flashes a 64-16-10 model on a fresh simulated board, puts <paramref name="file"/> on it and reads the weights back.</summary>
    private static (JsonElement Put, short[] OnBoard) PutOnABoard(TempDirectory dir, int serial, string file)
    {
        string target = $"sim:sim-digits#{serial}", flash = dir.File($"board{serial}");
        Json("flash", target, "--arch", "64-16-10", "--flash-dir", flash);
        JsonElement put = Json("weights", "put", target, file, "--flash-dir", flash);
        string back = dir.File($"back{serial}.edgw");
        Json("weights", "get", target, "--out", back, "--flash-dir", flash);
        return (put, WeightsFile.Load(back).Weights);
    }

    [Fact]
    public void BenchLearnWritesAModelImageWithTheRunsSettings_ThatWeightsPutTakes()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string file = dir.File("ap.edgw");
            JsonElement learned = Json("bench", "learn", "--data", "digits", "--hidden", "16", "--epochs", "1", "--seed", "3", "--out", file);
            Assert.Equal("EDGM"u8.ToArray(), File.ReadAllBytes(file)[..4]);
            WeightsFile image = WeightsFile.Load(file);
            Assert.Equal("64-16-10", image.Architecture);
            Assert.Equal("bench learn --algo ap --data digits --seed 3 (ideal 12-bit ADC)", image.Note);
            Assert.Equal(learned.GetProperty("train_samples").GetInt64(), image.Header!.SamplesSeen);   // one epoch
            ModelConfig c = image.Config!;
            Assert.Equal((LearningAlgorithm.ActivityPerturbation, 3UL, 3UL), (c.Algorithm, c.InitSeed, c.Learner.Seed));
            Assert.Equal((learned.GetProperty("k").GetInt32(), learned.GetProperty("groups").GetInt32(), learned.GetProperty("batch").GetInt32()),
                         (c.Learner.Directions, c.Learner.Groups, c.Learner.BatchSize));
            Assert.Equal((learned.GetProperty("step_control").GetBoolean(), learned.GetProperty("extra_bits").GetInt32()), (c.Learner.StepControl, c.Learner.ExtraWeightBits));
            Assert.Equal(LearnerSettings.ToQ16(learned.GetProperty("sigma").GetDouble()), c.Learner.SigmaQ16);
            Assert.Equal(LearnerSettings.ToQ16(learned.GetProperty("lr_hidden").GetDouble()), c.Learner.HiddenLearningRateQ16);

            var (put, onBoard) = PutOnABoard(dir, 41, file);
            Assert.Equal(image.Note, put.GetProperty("note").GetString());
            Assert.Equal(image.Weights, onBoard);
        });
    }

    [Fact]
    public void FloatBackpropsFileSaysBp_AndItsWeightsGoOntoABoard()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string file = dir.File("bp.edgw");
            JsonElement learned = Json("bench", "learn", "--data", "digits", "--algo", "bp", "--hidden", "16", "--epochs", "1", "--out", file);
            WeightsFile image = WeightsFile.Load(file);
            Assert.Equal(LearningAlgorithm.Backprop, image.Config!.Algorithm);
            int stepQ16 = LearnerSettings.ToQ16(learned.GetProperty("lr_hidden").GetDouble());   // bp's step size: Adam's 0.001 is 66
            Assert.Equal((stepQ16, stepQ16), (image.Config.Learner.HiddenLearningRateQ16, image.Config.Learner.OutputLearningRateQ16));
            Assert.Equal(image.Weights, PutOnABoard(dir, 42, file).OnBoard);
        });
    }

    [Fact]
    public void AModelNoImageHolds_IsRefusedBeforeTraining()
    {
        using var dir = new TempDirectory();
        var (code, line) = Fail("bench", "learn", "--data", "digits", "--hidden", "8,8,8,8", "--epochs", "100", "--out", dir.File("deep.edgw"));
        Assert.Equal(2, code);
        Assert.Equal("edge: --out: a model image cannot hold this model: at most 3 hidden layers", line);
        (_, line) = Fail("bench", "learn", "--data", "digits", "--hidden", "2000", "--epochs", "100", "--out", dir.File("wide.edgw"));
        Assert.Equal("edge: --out: a model image cannot hold this model: layer sizes must be 1..1024", line);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void AnEarlierEdgesWeightsFileStillGoesOntoABoard_ADamagedOneIsNamed()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            short[] weights = Enumerable.Range(0, 65 * 16 + 17 * 10).Select(i => (short)(i * 37 % 4001 - 2000)).ToArray();
            byte[] legacy = WeightsFileTests.LegacyFile([64, 16, 10], weights, "bench learn --algo ap --data digits --seed 1 (ideal 12-bit ADC)");
            File.WriteAllBytes(dir.File("old.edgw"), legacy);

            var (put, onBoard) = PutOnABoard(dir, 43, dir.File("old.edgw"));
            Assert.Equal("bench learn --algo ap --data digits --seed 1 (ideal 12-bit ADC)", put.GetProperty("note").GetString());
            Assert.Equal(2u, put.GetProperty("generation").GetUInt32());
            Assert.Equal(weights, onBoard);

            legacy[100] ^= 1;
            File.WriteAllBytes(dir.File("bad.edgw"), legacy);
            var (_, line) = Fail("weights", "put", "sim:sim-digits#43", dir.File("bad.edgw"), "--flash-dir", dir.File("board43"));
            Assert.Equal($"edge: {dir.File("bad.edgw")} is not a valid weights file: CRC mismatch (the file is damaged)", line);
        });
    }
}
