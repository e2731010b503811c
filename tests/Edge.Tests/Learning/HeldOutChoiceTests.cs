using System.Globalization;
using System.Text;
using System.Text.Json;
using Edge.Core.Storage;
using Edge.Host.Learn;
using Edge.Tests.Commands;
using Edge.Tests.Data;

namespace Edge.Tests.Learning;

/// <summary>
/// The default ap run's held-out choice between ap and readout (<see cref="HeldOutChoice"/>): made on rows of the
/// training split only, and the run that follows is exactly the chosen learner's own run.
/// </summary>
public class HeldOutChoiceTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Rows_SplitTheTrainingSplitOnce_ThreeQuartersToLearn(int count)
    {
        var (learn, check) = HeldOutChoice.Rows(count);
        Assert.NotEmpty(learn);
        Assert.NotEmpty(check);
        Assert.Equal(Enumerable.Range(0, count), learn.Concat(check).Order());
        if (count == 1000) Assert.Equal(750, learn.Length);
        Assert.Equal(learn, HeldOutChoice.Rows(count).Learn);   // the same rows every time
    }

    [Fact]
    public void TrialEpochs_AreTheRunsRule_WithinAThirdOfTheSampleBudget()
    {
        Assert.Equal(200, HeldOutChoice.TrialEpochs(972, 200));     // digits' learn rows: the cap is far away
        Assert.Equal(29, HeldOutChoice.TrialEpochs(45000, 88));     // fashion14's: 1,333,333 samples / 45,000 rows
        Assert.Equal(1, HeldOutChoice.TrialEpochs(5_000_000, 1));
        Assert.Equal(0, HeldOutChoice.TrialEpochs(100, 0));
    }

    [Fact]
    public void Choose_TakesAp_OnlyWhenItScoredHigher()
    {
        Assert.Equal(LearningAlgorithm.ActivityPerturbation, HeldOutChoice.Choose(80.1, 80.0));
        Assert.Equal(LearningAlgorithm.ReadoutOnly, HeldOutChoice.Choose(80.0, 80.0));
        Assert.Equal(LearningAlgorithm.ReadoutOnly, HeldOutChoice.Choose(70.0, 80.0));
    }

    /// <summary>XOR of two features: no readout of random features separates it well, a learned hidden layer does.</summary>
    [Fact]
    public void Xor_ChoosesAp_AndLearnsExactlyAsWithoutTheChoice()
    {
        using var dir = new TempDirectory();
        string csv = Write(dir, "xor.csv", (x, y) => (x > 0.5) != (y > 0.5) ? 1 : 0);
        string[] run = ["bench", "learn", "--data", "csv:" + csv, "--hidden", "8", "--epochs", "40", "--seed", "2"];

        JsonElement chosen = EdgeRunner.Json(run);
        JsonElement plain = EdgeRunner.Json([.. run, "--no-choice"]);

        Assert.Equal("ap", chosen.GetProperty("algo").GetString());
        Assert.Equal("ap", chosen.GetProperty("learner").GetString());
        JsonElement trials = chosen.GetProperty("heldout_choice");
        Assert.True(trials.GetProperty("ap_accuracy").GetDouble() > trials.GetProperty("readout_accuracy").GetDouble());
        Assert.True(trials.GetProperty("train_macs").GetInt64() > 0);
        Assert.Equal(plain.GetProperty("test_accuracy").GetDouble(), chosen.GetProperty("test_accuracy").GetDouble());
        Assert.Equal(plain.GetProperty("train_macs_per_sample").GetDouble(), chosen.GetProperty("train_macs_per_sample").GetDouble());
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("heldout_choice").ValueKind);
    }

    /// <summary>One feature decides the class with a wide margin: readout scores as well as ap on the held-out rows, and a tie goes to readout.</summary>
    [Fact]
    public void ATie_ChoosesReadout_AndTheRunIsReadoutsOwn()
    {
        using var dir = new TempDirectory();
        string csv = Write(dir, "line.csv", (x, _) => x > 0.5 ? 1 : 0, margin: 0.3);
        string[] run = ["bench", "learn", "--data", "csv:" + csv, "--hidden", "8", "--epochs", "20", "--seed", "1"];

        JsonElement chosen = EdgeRunner.Json([.. run, "--out", dir.File("chosen.edgw")]);
        JsonElement readout = EdgeRunner.Json([.. run, "--algo", "readout"]);

        JsonElement trials = chosen.GetProperty("heldout_choice");
        Assert.True(trials.GetProperty("readout_accuracy").GetDouble() >= trials.GetProperty("ap_accuracy").GetDouble());
        Assert.Equal("readout", chosen.GetProperty("learner").GetString());
        Assert.Equal(readout.GetProperty("test_accuracy").GetDouble(), chosen.GetProperty("test_accuracy").GetDouble());
        Assert.Equal(readout.GetProperty("train_macs_per_sample").GetDouble(), chosen.GetProperty("train_macs_per_sample").GetDouble());
        // the weights file holds the model the run learned: a readout model
        var file = Edge.Host.Boards.WeightsFile.Load(dir.File("chosen.edgw"));
        Assert.Equal(LearningAlgorithm.ReadoutOnly, file.Config!.Algorithm);
        Assert.Contains("--algo readout", file.Note);
    }

    /// <summary>Rows of two uniform features labelled by <paramref name="label"/>, with no x within <paramref name="margin"/> of 0.5.</summary>
    private static string Write(TempDirectory dir, string name, Func<double, double, int> label, double margin = 0)
    {
        var rng = new Random(5);
        var text = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 400; i++)
        {
            double x = rng.NextDouble(), y = rng.NextDouble();
            if (Math.Abs(x - 0.5) < margin) continue;
            text.Append(string.Create(CultureInfo.InvariantCulture, $"{x:R},{y:R},{label(x, y)}\n"));
        }
        string path = dir.File(name);
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
