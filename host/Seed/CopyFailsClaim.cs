using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Learn;
using Edge.Host.Plots;
using Edge.Host.Transfer;

namespace Edge.Host.Seed;

/// <summary>
/// `copy-fails`: an old board's weights copied onto another board of the same profile (other analog hardware) against
/// its knowledge moved by `edge transfer` (harvest, then distillation on the new board), over several pairs.
/// </summary>
public sealed class CopyFailsClaim : SeedClaim
{
    /// <summary>A copy "fails" when it loses at least this many points (docs/transfer.md's bar).</summary>
    private const double CopyLoss = 3;
    /// <summary>A transfer "works" when the new board keeps this share of the old one's accuracy (docs/transfer.md's bar).</summary>
    private const double KeptRatio = 0.99;
    private const double Temperature = 4;
    private const int Hidden = 32;

    private sealed record Pair(string Profile, uint From, uint To)
    {
        public override string ToString() => $"{Profile} #{From} → #{To}";
    }

    private sealed record Sizes(Pair[] Pairs, int Epochs)
    {
        public static Sizes For(bool quick) => quick
            ? new([new("sim-digits", 1, 2)], 2)
            : new([new("sim-digits", 1, 2), new("sim-digits", 3, 4), new("sim-digits", 5, 6),
                   new("sim-analog-neurons", 1, 2), new("sim-analog-neurons", 3, 4), new("sim-analog-neurons", 5, 6)], 200);
    }

    public override string Name => "copy-fails";

    public override string Statement => "weights do not survive a copy to other hardware; distillation does";

    public override string Experiment(bool quick)
    {
        Sizes s = Sizes.For(quick);
        return $"Digits, 64-{Hidden}-10. For each pair ({string.Join("; ", s.Pairs.Select(p => p.ToString()))}) the old board is " +
               $"flashed (seed 1) and learns {s.Epochs} epochs on the device (`edge train`); then `edge transfer --measure-old` at its " +
               "defaults asks the old board about its question budget of the training split (the transfer set, unlabeled) and about " +
               "the test split, puts its weights on the new board weight for weight (the naive copy), and lets that copy learn the " +
               $"answers at T = {Temperature} on the new board until they stop agreeing better (at most {s.Epochs} epochs). " +
               "Test accuracy on each board.";
    }

    public override ClaimOutcome Run(SeedRun run)
    {
        Sizes sizes = Sizes.For(run.Quick);
        Dataset data = run.Digits;
        var shape = DataShape.Of(data);
        int[] arch = [data.FeatureCount, Hidden, data.ClassCount];
        var table = new ResultTable("pair", "old_board", "naive_copy", "copy_loss", "distilled", "distilled_over_old", "agreement");
        var outcome = new ClaimOutcome();
        var reports = new List<TransferReport>();
        foreach (Pair pair in sizes.Pairs)
        {
            run.Cancellation.ThrowIfCancellationRequested();
            run.Say($"  {pair}: the old board learns, then its knowledge moves");
            using (SimBoard board = SimBoard.Open(run, pair.Profile, pair.From, data))
            {
                board.Flash(SimBoard.DefaultModel(arch, shape, sizes.Epochs));
                board.Train(board.Encode(data.TrainFeatures), data.TrainLabels, sizes.Epochs);
                board.Session.Call(board.Session.Client.Save);   // transfer reads the old model from the board's flash
            }
            var plan = new TransferPlan(SimBoard.Target(pair.Profile, pair.From), SimBoard.Target(pair.Profile, pair.To), data, data.TrainFeatures,
                Path.Combine(run.WorkDirectory, $"{pair.Profile}-{pair.From}-to-{pair.To}.harvest"), Temperature, sizes.Epochs, 1, TimeSpan.FromSeconds(30),
                SimBoard.FlashDirectory(run, pair.Profile, pair.From), SimBoard.FlashDirectory(run, pair.Profile, pair.To),
                MeasureOld: true);   // the old board's own test accuracy is what both checks compare with
            TransferReport r = TransferRun.Run(plan, _ => { });
            reports.Add(r);
            double old = r.OldAccuracy ?? double.NaN, copy = r.NaiveCopyAccuracy ?? double.NaN;
            table.AddRow(pair.ToString(), Math.Round(old, 2), Math.Round(copy, 2), Math.Round(old - copy, 2), Math.Round(r.NewAccuracy, 2),
                         Math.Round(r.NewAccuracy / old, 4), r.Agreement is { } a ? Math.Round(a, 2) : null);
            outcome.Checks.Add(new Check($"{pair}: the naive copy loses at least {CopyLoss} points", old - copy >= CopyLoss,
                $"{old:F2} → {copy:F2} % (−{old - copy:F1})"));
            outcome.Checks.Add(new Check($"{pair}: the distilled board keeps at least {KeptRatio:P0} of the old board's accuracy", r.NewAccuracy >= KeptRatio * old,
                $"{r.NewAccuracy:F2} % ({r.NewAccuracy / old:F4} of {old:F2})"));
        }
        outcome.Tables.Add(new SeedTable("pairs", "test accuracy % of the old board, of its weights copied onto the new board, and of the new board after the transfer; agreement: top-1 agreement of new and old on the test split", table));
        outcome.Panels.Add(new BarPanel("a board's weights copied vs its knowledge distilled", "pair (old → new)", "test accuracy (%)",
            sizes.Pairs.Select(p => $"{(p.Profile == "sim-digits" ? "digits" : "analog")} {p.From}→{p.To}").ToArray(),
        [
            new BarSeries("old board", reports.Select(r => r.OldAccuracy ?? double.NaN).ToArray()),
            new BarSeries("naive copy on the new board", reports.Select(r => r.NaiveCopyAccuracy ?? double.NaN).ToArray()),
            new BarSeries("new board after distillation", reports.Select(r => r.NewAccuracy).ToArray()),
        ]));
        return outcome;
    }
}
