using Edge.Core.Storage;
using System.Text.Json;
using Edge.Core.Model;
using Edge.Host.Learn;
using Edge.Host.Seed;
using Edge.Tests.Commands;
using Edge.Tests.Data;

namespace Edge.Tests.Seed;

public class BenchSeedTests
{
    private static readonly string[] VerdictWords = ["holds", "partly", "does not hold"];

    [Fact]
    public void OneCheapClaimRunsEndToEnd()
    {
        using var dir = new TempDirectory();
        string markdown = dir.File("seed.md");
        JsonElement json = EdgeRunner.Json("bench", "seed", "small-steps", "--quick", "--out", dir.Path, "--markdown", markdown);

        JsonElement claim = json.GetProperty("claims").GetProperty("small-steps");
        string verdict = claim.GetProperty("verdict").GetString()!;
        Assert.Contains(verdict, VerdictWords);
        Assert.Equal(verdict, json.GetProperty("verdicts").GetProperty("small-steps").GetString());
        JsonElement checks = claim.GetProperty("checks");
        Assert.True(checks.GetArrayLength() > 0);
        foreach (JsonElement check in checks.EnumerateArray())
        {
            Assert.False(string.IsNullOrEmpty(check.GetProperty("requirement").GetString()));
            Assert.False(string.IsNullOrEmpty(check.GetProperty("measured").GetString()));
            _ = check.GetProperty("passed").GetBoolean();
        }
        // the verdict follows from the checks by the one rule
        int passed = checks.EnumerateArray().Count(c => c.GetProperty("passed").GetBoolean());
        Assert.Equal(passed == checks.GetArrayLength() ? "holds" : passed == 0 ? "does not hold" : "partly", verdict);

        JsonElement updates = claim.GetProperty("tables").GetProperty("summed_update");
        Assert.Equal(4, updates.GetArrayLength());   // --quick: 2 σ × 2 rates
        foreach (JsonElement row in updates.EnumerateArray())
        {
            double cosine = row.GetProperty("hidden_cosine").GetDouble();
            Assert.InRange(cosine, -1, 1);
        }
        Assert.Equal(2, claim.GetProperty("tables").GetProperty("passes_to_backprop_accuracy").GetArrayLength());
        Assert.Equal("edge bench seed small-steps --quick", claim.GetProperty("command").GetString());
        Assert.True(claim.GetProperty("seconds").GetDouble() >= 0);

        string plot = claim.GetProperty("plot").GetString()!;
        Assert.Equal(Path.Combine(dir.Path, "small-steps.png"), plot);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(plot)[..4]);

        string report = File.ReadAllText(markdown);
        Assert.Contains("## small-steps", report);
        Assert.Contains($"**Verdict: {verdict}**", report);
        Assert.Contains("](small-steps.png)", report);
    }

    /// <summary>
    /// copy-fails compares the new board with the old board's own test accuracy, which the transfer measures only when asked
    /// (--measure-old): without it every check compared with NaN and failed.
    /// </summary>
    [Fact]
    public void CopyFails_MeasuresTheOldBoard_SoItsChecksCompareNumbers()
    {
        using var dir = new TempDirectory();
        JsonElement claim = EdgeRunner.Json("bench", "seed", "copy-fails", "--quick", "--out", dir.Path)
            .GetProperty("claims").GetProperty("copy-fails");
        JsonElement pairs = claim.GetProperty("tables").GetProperty("pairs");
        Assert.True(pairs.GetArrayLength() > 0);
        foreach (JsonElement row in pairs.EnumerateArray())
        {
            Assert.Equal(JsonValueKind.Number, row.GetProperty("old_board").ValueKind);
            Assert.InRange(row.GetProperty("old_board").GetDouble(), 0, 100);
            Assert.Equal(JsonValueKind.Number, row.GetProperty("copy_loss").ValueKind);
        }
        foreach (JsonElement check in claim.GetProperty("checks").EnumerateArray())
            Assert.DoesNotContain("NaN", check.GetProperty("measured").GetString());
    }

    [Fact]
    public void AnUnknownClaimIsAUsageError()
    {
        var (_, line) = EdgeRunner.Fail("bench", "seed", "no-such-claim");
        Assert.Contains("unknown claim 'no-such-claim'", line);
        Assert.Contains("wp-variance", line);
    }

    [Fact]
    public void EveryClaimOfTheIssueIsThere()
    {
        Assert.Equal(["wp-variance", "small-steps", "local-losses", "no-forward-model", "copy-fails", "soft-targets", "teacher-errors", "community"],
                     SeedClaims.Names.ToArray());
    }

    [Fact]
    public void TheVerdictIsHoldsPartlyOrDoesNotHold()
    {
        Check pass = new("a", true, "1"), fail = new("b", false, "0");
        Assert.Equal(Verdict.Holds, Verdicts.From([pass, pass]));
        Assert.Equal(Verdict.Partly, Verdicts.From([pass, fail]));
        Assert.Equal(Verdict.DoesNotHold, Verdicts.From([fail, fail]));
        Assert.Equal("does not hold", Verdicts.Word(Verdict.DoesNotHold));
    }

    [Fact]
    public void PartsAreDisjointAndClassBalanced()
    {
        int[] labels = Edge.Host.Data.Digits.Load().TrainLabels;
        int[][] parts = Samples.Parts(labels, 10, 4, 1);
        Assert.Equal(Enumerable.Range(0, labels.Length), parts.SelectMany(p => p).Order());
        for (int c = 0; c < 10; c++)
        {
            int[] counts = parts.Select(p => p.Count(i => labels[i] == c)).ToArray();
            Assert.True(counts.Max() - counts.Min() <= 1, $"class {c}: {string.Join(", ", counts)}");
        }
        int[] order = Samples.Stratified(labels, 10, 1);
        Assert.Equal(Enumerable.Range(0, 10), order[..10].Select(i => labels[i]).Order());   // a prefix of 10 holds every class once
    }

    [Fact]
    public void AnExactStepReadFromTheMastersPointsAlongTheExactGradient()
    {
        // The readout learner steps its output layer along its exact delta: read back through the masters, that step
        // must be −lr · the float gradient of the same sample at the same weights, so the measurement itself is sound.
        int[] sizes = [64, 32, 10];
        var settings = new LearnSettings { Algorithm = LearningAlgorithm.ReadoutOnly, Hidden = [32], Epochs = 1, Learner = new Edge.Core.Learning.LearnerSettings { BatchSize = 1, OutputLearningRateQ16 = Edge.Core.Learning.LearnerSettings.ToQ16(0.01) } };
        var trainee = new FixedPointTrainee(sizes, settings);
        var exact = new ExactGradient(sizes);
        exact.CopyWeights(trainee.Network);
        var data = Edge.Host.Data.Digits.Load();
        int[][] codes = Samples.IdealCodes(data.TrainFeatures[..5], 12);
        for (int n = 0; n < codes.Length; n++)
        {
            exact.CopyWeights(trainee.Network);
            double[] before = MasterReads.Read(trainee.Learner, 1);
            trainee.Train(codes[n], data.TrainLabels[n]);
            double[] step = Vectors.Difference(MasterReads.Read(trainee.Learner, 1), before);
            double[] gradient = exact.Of(1, codes[n], 12, data.TrainLabels[n]);
            Assert.True(Vectors.Cosine(step, Vectors.Negated(gradient)) > 0.999);
        }
        Assert.Null(trainee.Learner.MasterOf(0));   // the frozen hidden layer has no masters
    }
}
