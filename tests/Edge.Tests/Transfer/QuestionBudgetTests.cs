using Edge.Boards.Profiles;
using Edge.Boards.Simulated;
using Edge.Host.Data;
using Edge.Host.Targets;
using Edge.Host.Transfer;
using Edge.Tests.Data;
using Edge.Tests.Transport;
using static Edge.Tests.Commands.EdgeRunner;

namespace Edge.Tests.Transfer;

/// <summary>
/// Issue 14: the old board answers at most the question budget, a resumed harvest counts what the cache holds and asks
/// what the whole one would have asked, and the new board learns only as long as it gains.
/// </summary>
public sealed class QuestionBudgetTests
{
    private const string Old = "sim:sim-digits#31", New = "sim:sim-digits#32";
    private static readonly BoardProfile Profile = TargetConnector.LoadProfile("sim-digits");

    private static string TrainedOldBoard(TempDirectory dir)
    {
        Json("flash", Old, "--arch", "64-16-10", "--seed", "2", "--flash-dir", dir.File("A0"));
        Json("train", Old, "--data", "digits", "--epochs", "5", "--no-eval", "--flash-dir", dir.File("A0"));
        return dir.File("A0");
    }

    private static TransferPlan Plan(TempDirectory dir, string from, string to, string cache, int? epochs, int? queries = 200, int patience = 8) =>
        new(Old, New, Digits.Load(), Digits.Load().TrainFeatures, dir.File(cache), 4, epochs, 1, TimeSpan.FromSeconds(10),
            dir.File(from), dir.File(to), Queries: queries, Patience: patience);

    [Fact]
    public void AResumedHarvest_CountsTheCacheAgainstTheBudget_AndAsksWhatTheWholeOneWouldHave()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string pristine = TrainedOldBoard(dir);

            // the harvest as it goes when nothing interrupts it
            CopyDirectory(pristine, dir.File("R"));
            TransferReport whole = TransferRun.Run(Plan(dir, "R", "B0", "whole.harvest", 0), _ => { });
            Assert.Equal(200, whole.Queries);
            Assert.Equal(0, whole.TestQueries);
            Assert.Null(whole.OldAccuracy);      // not measured: the test split was not asked
            Assert.Null(whole.Agreement);
            Assert.True(whole.HarvestComplete);
            int[] wholeSet = TransferIndices(dir.File("whole.harvest"));
            Assert.Equal(200, wholeSet.Length);

            // the old board dies after 100 answers: the chunk it died in is lost, the first one kept
            CopyDirectory(pristine, dir.File("A"));
            using (SimulatedBoard a = SimulatedBoard.Open(Profile, 31, dir.File("A")))
                a.CountOperations((int)(a.OperationsLeft!.Value - 100));
            var said = new List<string>();
            TransferReport cut = TransferRun.Run(Plan(dir, "A", "B1", "cut.harvest", 0), said.Add);
            Assert.False(cut.HarvestComplete);
            Assert.Contains(said, line => line.Contains("harvest stopped") && line.Contains("dead"));
            Assert.Equal(64, cut.Harvested);

            // revived, the same command asks only for the rest of the budget, and the same questions
            Directory.Delete(dir.File("A"), recursive: true);
            CopyDirectory(pristine, dir.File("A"));
            long before = OperationsOf(dir.File("A"));
            TransferReport rest = TransferRun.Run(Plan(dir, "A", "B1", "cut.harvest", 0), said.Add);
            Assert.Equal(200 - 64, rest.Queries);
            Assert.Equal(200 - 64, OperationsOf(dir.File("A")) - before);   // the board itself says what it was asked
            Assert.True(rest.HarvestComplete);
            Assert.Equal(wholeSet, TransferIndices(dir.File("cut.harvest")));

            // a smaller budget than the cache holds asks nothing more; the new board learns from every answer kept
            TransferReport again = TransferRun.Run(Plan(dir, "A", "B1", "cut.harvest", 0, queries: 150), said.Add);
            Assert.Equal(0, again.Queries);
            Assert.Equal(200, again.Harvested);
        }, TimeSpan.FromSeconds(120));
    }

    [Fact]
    public void TheNewBoardLearnsWhileItGains_ThenSettlesAndStops_WithinTheCeiling()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string pristine = TrainedOldBoard(dir);
            CopyDirectory(pristine, dir.File("A"));
            TransferReport stopped = TransferRun.Run(Plan(dir, "A", "B", "A.harvest", 200, patience: 3), _ => { });
            DistillationOutcome d = stopped.Distillation;
            Assert.True(d.StoppedEarly, $"ran all {d.Epochs} epochs");
            Assert.Equal(20, d.HeldOut);                     // a tenth of the 200 answers
            int settledFrom = d.CheckEpochs[^2];             // the last check while learning
            Assert.Equal(settledFrom + Math.Max(2, (settledFrom + 1) / 2), d.Epochs);
            Assert.Equal(0, d.CheckEpochs[0]);               // where the naive copy started
            Assert.Equal(d.Epochs, d.CheckEpochs[^1]);
            Assert.Equal(d.HeldOutCurve[^1], d.HeldOutAgreement);
            Assert.Equal(d.Epochs * FramesPerEpoch(180), d.TrainingFrames);
            Assert.True(stopped.NewAccuracy > stopped.NaiveCopyAccuracy, "the copy did not gain from the answers");

            // with patience to spare it runs to the ceiling, settling over its last third
            TransferReport full = TransferRun.Run(Plan(dir, "A", "B", "A.harvest", 9, patience: 100), _ => { });
            Assert.False(full.Distillation.StoppedEarly);
            Assert.Equal(9, full.Distillation.Epochs);
            Assert.Equal([0, 1, 2, 3, 4, 5, 6, 9], full.Distillation.CheckEpochs);   // settling from epoch 6 of 9 needs no checks
        }, TimeSpan.FromSeconds(120));
    }

    [Theory]
    [InlineData("--queries", "0")]
    [InlineData("--queries", "-4")]
    [InlineData("--queries", "1298")]
    [InlineData("--query-selection", "uncertain")]
    [InlineData("--patience", "0")]
    public void ABudgetOutOfRange_IsAUsageError(string option, string value)
    {
        using var dir = new TempDirectory();
        var (code, line) = Fail("transfer", "--from", Old, "--to", New, "--data", "digits", "--from-flash-dir", dir.File("A"),
                                "--to-flash-dir", dir.File("B"), "--cache", dir.File("c.harvest"), option, value);
        Assert.Equal(2, code);
        Assert.Contains(option, line);
        Assert.False(File.Exists(dir.File("c.harvest")));
    }

    /// <summary>TRAIN_SOFT_BATCH frames of one epoch over n answers: calls of 256, frames of 11 (64 uint16 channels, 10 logits).</summary>
    private static long FramesPerEpoch(int n) =>
        Enumerable.Range(0, (n + 255) / 256).Sum(c => (long)(Math.Min(256, n - 256 * c) + 10) / 11);

    private static int[] TransferIndices(string cache)
    {
        using var c = HarvestCache.Open(cache);
        return c.Records.Keys.Where(i => i < HarvestCache.TestIndexBase).Order().ToArray();
    }

    private static long OperationsOf(string flash)
    {
        using SimulatedBoard board = SimulatedBoard.Open(Profile, 31, flash);
        return board.OperationsUsed;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
