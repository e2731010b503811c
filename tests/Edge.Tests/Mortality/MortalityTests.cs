using Edge.Tests.Data;
using Edge.Tests.Transport;
using Xunit;
using Xunit.Abstractions;
using static Edge.Tests.Commands.EdgeRunner;

namespace Edge.Tests.Mortality;

/// <summary>
/// Knowledge does not survive a copy between mortal boards: the experiments of docs/mortality.md, through the edge
/// commands on in-process sim: boards with their flash in temporary folders. Every number is deterministic (seeds).
/// </summary>
public class MortalityTests(ITestOutputHelper output)
{
    private static double Accuracy(string target, string flash) =>
        Json("eval", target, "--data", "digits", "--flash-dir", flash).GetProperty("test_accuracy").GetDouble();

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [Fact]
    public void WeightsCopiedToAnotherDigitsBoardLoseAccuracyAndTrainingThereRecoversIt()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string Flash(int serial) => dir.File("sim-digits-" + serial);
            Json("flash", "sim:sim-digits#1", "--arch", "64-32-10", "--seed", "1", "--flash-dir", Flash(1));
            double own = Json("train", "sim:sim-digits#1", "--data", "digits", "--flash-dir", Flash(1)).GetProperty("test_accuracy").GetDouble();
            Assert.True(own >= 96, $"board 1 trained to only {own} %");
            string weights = dir.File("board1.edgw");
            Json("weights", "get", "sim:sim-digits#1", "--out", weights, "--flash-dir", Flash(1));

            var copies = new List<double>();
            for (int serial = 2; serial <= 6; serial++)
            {
                string target = "sim:sim-digits#" + serial;
                Json("flash", target, "--arch", "64-32-10", "--seed", "1", "--flash-dir", Flash(serial));
                Json("weights", "put", target, weights, "--flash-dir", Flash(serial));
                copies.Add(Accuracy(target, Flash(serial)));
            }
            output.WriteLine($"own {own:F1} %, copies on boards 2..6: {string.Join(", ", copies.Select(c => c.ToString("F1")))}");
            Assert.All(copies, c => Assert.True(c < own, $"a copy scored {c} %, its source {own} %"));
            Assert.True(own - copies[0] >= 3, $"the copy on board 2 loses only {own - copies[0]:F2} points");
            Assert.True(own - copies.Average() >= 3, $"copies lose only {own - copies.Average():F2} points on average");

            // Board 2 learns on its own analog path, starting from the copy: the loss is recovered, to what
            // board 2 reaches from scratch (its own front end sets its ceiling, not board 1's).
            double recovered = Json("train", "sim:sim-digits#2", "--data", "digits", "--flash-dir", Flash(2)).GetProperty("test_accuracy").GetDouble();
            string fresh = dir.File("sim-digits-2-fresh");
            Json("flash", "sim:sim-digits#2", "--arch", "64-32-10", "--seed", "1", "--flash-dir", fresh);
            double own2 = Json("train", "sim:sim-digits#2", "--data", "digits", "--flash-dir", fresh).GetProperty("test_accuracy").GetDouble();
            output.WriteLine($"board 2 after training from the copy: {recovered:F1} %, from scratch: {own2:F1} %");
            Assert.True(recovered >= own2 - 0.5, $"board 2 recovered only to {recovered} % (from scratch: {own2} %)");
            Assert.True(recovered > copies[0]);
        }, TimeSpan.FromSeconds(90));
    }

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [Fact]
    public void BackpropOnTheIdealModelLosesToPerturbationOnTheAnalogNeuronBoardItself()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string bp = dir.File("bp.edgw"), flash = dir.File("an-1");
            var ideal = Json("bench", "learn", "--data", "digits", "--algo", "bp", "--seed", "1", "--out", bp);
            Assert.Equal("64-32-10", ideal.GetProperty("arch").GetString());
            double bpIdeal = ideal.GetProperty("test_accuracy").GetDouble();

            Json("flash", "sim:sim-analog-neurons#1", "--arch", "64-32-10", "--seed", "1", "--flash-dir", flash);
            Json("weights", "put", "sim:sim-analog-neurons#1", bp, "--flash-dir", flash);
            double bpOnBoard = Accuracy("sim:sim-analog-neurons#1", flash);

            Json("flash", "sim:sim-analog-neurons#1", "--arch", "64-32-10", "--seed", "1", "--flash-dir", flash);
            double apOnBoard = Json("train", "sim:sim-analog-neurons#1", "--data", "digits", "--flash-dir", flash).GetProperty("test_accuracy").GetDouble();
            output.WriteLine($"bp ideal {bpIdeal:F1} %, bp weights on the board {bpOnBoard:F1} %, ap trained on the board {apOnBoard:F1} %");
            Assert.True(bpIdeal >= 95, $"bp reached only {bpIdeal} % on the ideal model");
            Assert.True(apOnBoard - bpOnBoard >= 10, $"ap on the board {apOnBoard} % vs bp weights {bpOnBoard} %");
        }, TimeSpan.FromSeconds(90));
    }
}
