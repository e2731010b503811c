using Edge.Boards.Profiles;
using Edge.Boards.Simulated;
using Edge.Host.Boards;
using Edge.Host.Data;
using Edge.Host.Targets;
using Edge.Host.Transfer;
using Edge.Tests.Transport;
using static Edge.Tests.Commands.EdgeRunner;

namespace Edge.Tests.Transfer;

/// <summary>
/// The old board dies halfway through the harvest: what it answered stays in the cache, the transfer goes on with it,
/// and a rerun against the (revived) old board asks only for what is missing: the board's own operation count says so.
/// </summary>
public sealed class TransferRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-transfer-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void DeadOldBoard_KeepsTheHarvest_AndARerunAsksNothingTwice()
    {
        HangGuard.Run(() =>
        {
            string flashA = Path.Combine(_dir, "A"), flashB = Path.Combine(_dir, "B"), backup = Path.Combine(_dir, "A-young");
            Json("flash", "sim:sim-digits#1", "--arch", "64-32-10", "--seed", "1", "--flash-dir", flashA);
            Json("train", "sim:sim-digits#1", "--data", "digits", "--epochs", "5", "--no-eval", "--flash-dir", flashA);
            CopyDirectory(flashA, backup);

            Dataset data = Digits.Load();
            int total = data.TrainCount + data.TestCount;
            BoardProfile profile = TargetConnector.LoadProfile("sim-digits");
            using (SimulatedBoard a = SimulatedBoard.Open(profile, 1, flashA))
                a.CountOperations((int)(a.OperationsLeft!.Value - total / 2));   // half the harvest left to live

            string cache = Path.Combine(_dir, "A-to-B.harvest");
            TransferPlan plan = new("sim:sim-digits#1", "sim:sim-digits#2", data, data.TrainFeatures, cache, 4, 6, 1,
                TimeSpan.FromSeconds(10), flashA, flashB, Queries: data.TrainCount, MeasureOld: true, CurvePoints: 6);
            var said = new List<string>();
            TransferReport first = TransferRun.Run(plan, said.Add);

            Assert.False(first.HarvestComplete);
            Assert.Contains(said, line => line.Contains("harvest stopped") && line.Contains("dead"));
            int kept = first.Harvested + first.TestHarvested;
            Assert.InRange(kept, total / 2 - 64, total / 2);            // all it answered, but for the chunk it died in
            using (var c = HarvestCache.Open(cache)) Assert.Equal(kept, c.Count);
            Assert.True(first.NewAccuracy > 50, "the transfer went on with the half it had");
            Assert.Equal([1, 2, 3, 4, 5, 6], first.NewAccuracyCurveEpochs);
            Assert.Equal(6, first.NewAccuracyCurve.Length);

            // Revive A (its flash as it was before it aged) and run the same transfer again.
            Directory.Delete(flashA, recursive: true);
            CopyDirectory(backup, flashA);
            long before = OperationsOf(profile, flashA);
            TransferReport second = TransferRun.Run(plan, said.Add);
            long inferred = OperationsOf(profile, flashA) - before;

            Assert.True(second.HarvestComplete);
            Assert.Equal(total - kept, second.Queries + second.TestQueries);
            Assert.Equal(total - kept, inferred);                     // the board was asked for nothing it had answered
            Assert.Equal(data.TrainCount, second.Harvested);

            // B keeps the model's own learning rates for later training, not distillation's last, decayed ones
            using BoardSession oldBoard = BoardSession.Open("sim:sim-digits#1", flashA, TimeSpan.FromSeconds(10));
            using BoardSession newBoard = BoardSession.Open("sim:sim-digits#2", flashB, TimeSpan.FromSeconds(10));
            var oldConfig = oldBoard.RequireModel().Config;
            var newConfig = newBoard.RequireModel().Config;
            Assert.Equal(oldConfig.Learner.HiddenLearningRateQ16, newConfig.Learner.HiddenLearningRateQ16);
            Assert.Equal(oldConfig.Learner.OutputLearningRateQ16, newConfig.Learner.OutputLearningRateQ16);
        }, TimeSpan.FromSeconds(120));
    }

    [Theory]
    [InlineData(6, 6, 6, 1)]
    [InlineData(60, 60, 60, 1)]
    [InlineData(61, 60, 30, 2)]
    [InlineData(480, 60, 60, 8)]
    [InlineData(35, 0, 0, 0)]
    public void TheNewBoardIsMeasuredAtMostCurvePointsTimes(int epochs, int points, int measured, int every)
    {
        int[] after = Enumerable.Range(1, epochs).Where(e => TransferRun.MeasuresAfter(e, epochs, points)).ToArray();
        Assert.Equal(measured, after.Length);
        Assert.True(after.Length <= points);
        if (measured > 0) Assert.Equal(every, after[0]);
    }

    private static long OperationsOf(BoardProfile profile, string flash)
    {
        using SimulatedBoard board = SimulatedBoard.Open(profile, 1, flash);
        return board.OperationsUsed;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
