using Edge.Core.Storage;
using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Learn;
using Edge.Host.Plots;

namespace Edge.Host.Seed;

/// <summary>
/// `no-forward-model`: weights that float backprop learned on the nominal model (ideal ADC, ReLU units) put on boards
/// with analog hidden units, against activity perturbation trained on each board itself.
/// </summary>
public sealed class NoForwardModelClaim : SeedClaim
{
    private const string Profile = "sim-analog-neurons";
    /// <summary>The issue's goal: activity perturbation on the board at least this many points above the backprop weights.</summary>
    private const double Gap = 10;
    private const int Hidden = 32;

    private sealed record Sizes(uint[] Serials, int Epochs)
    {
        public static Sizes For(bool quick) => quick ? new([1, 2], 2) : new([1, 2, 3, 4, 5, 6, 7, 8], 200);
    }

    public override string Name => "no-forward-model";

    public override string Statement => "backprop needs an exact model of the forward pass, which mortal hardware lacks";

    public override string Experiment(bool quick)
    {
        Sizes s = Sizes.For(quick);
        return $"Digits, 64-{Hidden}-10, on `{Profile}` boards #{string.Join(", #", s.Serials)} (each with its own input gains and " +
               "offsets and hidden units whose slope and threshold the firmware does not know). Float backprop (Adam, the defaults) " +
               $"learns {s.Epochs} epochs on the nominal model (ideal 12-bit ADC, ReLU); its weights, in Q3.12, are put on every board " +
               $"(`edge weights put`) and measured there. The same board, flashed fresh (`edge flash`, seed 1), learns {s.Epochs} " +
               "epochs by its own activity perturbation through its own analog path (`edge train`). Test accuracy on the board.";
    }

    public override ClaimOutcome Run(SeedRun run)
    {
        Sizes sizes = Sizes.For(run.Quick);
        Dataset data = run.Digits;
        var shape = DataShape.Of(data);
        int[] arch = [data.FeatureCount, Hidden, data.ClassCount];

        run.Say($"  float backprop on the nominal model, {sizes.Epochs} epochs");
        (short[] Values, int[] Exponents)? bpWeights = null;
        LearnResult bp = LearnBenchmark.Run(data, LearnDefaults.For(LearningAlgorithm.Backprop, shape, [Hidden]) with { Data = "digits", Epochs = sizes.Epochs },
            finished: t => bpWeights = ((IExportsWeights)t).ExportWeights());

        var table = new ResultTable("board", "bp_weights", "ap_on_board", "gap");
        var onBoard = new List<(double Bp, double Ap)>();
        foreach (uint serial in sizes.Serials)
        {
            run.Cancellation.ThrowIfCancellationRequested();
            run.Say($"  {SimBoard.Target(Profile, serial)}: backprop's weights, then its own learning");
            using SimBoard board = SimBoard.Open(run, Profile, serial, data);
            int[][] train = board.Encode(data.TrainFeatures), test = board.Encode(data.TestFeatures);
            board.Flash(SimBoard.DefaultModel(arch, shape, sizes.Epochs));
            board.PutWeights(bpWeights!.Value.Values, WeightExponents.Pack(bpWeights.Value.Exponents, arch.Length - 1));
            double withBp = board.Accuracy(test, data.TestLabels);
            board.Flash(board.Config);
            board.Train(train, data.TrainLabels, sizes.Epochs);
            double withAp = board.Accuracy(test, data.TestLabels);
            onBoard.Add((withBp, withAp));
            table.AddRow($"{Profile}#{serial}", Math.Round(withBp, 2), Math.Round(withAp, 2), Math.Round(withAp - withBp, 2));
        }

        var outcome = new ClaimOutcome();
        outcome.Tables.Add(new SeedTable("boards", $"test accuracy % on each board; backprop reached {bp.TestAccuracy:F2} % on its nominal model", table));
        for (int i = 0; i < sizes.Serials.Length; i++)
            outcome.Checks.Add(new Check($"{Profile}#{sizes.Serials[i]}: activity perturbation on the board ≥ {Gap} points above backprop's weights",
                onBoard[i].Ap >= onBoard[i].Bp + Gap, $"{onBoard[i].Ap:F2} vs {onBoard[i].Bp:F2} % ({onBoard[i].Ap - onBoard[i].Bp:+0.0;-0.0} points)"));
        outcome.Panels.Add(new BarPanel("backprop's weights vs learning on the board", $"{Profile} board (serial)", "test accuracy (%)",
            sizes.Serials.Select(s => "#" + s).ToArray(),
        [
            new BarSeries($"backprop's weights ({bp.TestAccuracy:F1} % on its nominal model)", onBoard.Select(b => b.Bp).ToArray()),
            new BarSeries("activity perturbation on the board", onBoard.Select(b => b.Ap).ToArray()),
        ]));
        return outcome;
    }
}
