using Edge.Core.Storage;
using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Learn;
using Edge.Host.Plots;

namespace Edge.Host.Seed;

/// <summary>
/// `local-losses`: activity perturbation on 1, 2 and 3 hidden layers, every layer against the network's loss (global)
/// or against a readout head of its own (local), on digits and fashion14; backprop as the ceiling.
/// </summary>
public sealed class LocalLossesClaim : SeedClaim
{
    /// <summary>Local losses may lose at most this much (points) from 1 to the deepest net and still "scale with depth".</summary>
    private const double DepthTolerance = 1.0;

    private sealed record Sizes(int[] Depths, int DigitsEpochs, int FashionEpochs)
    {
        public static Sizes For(bool quick) => quick ? new([1, 2], 1, 0) : new([1, 2, 3], 200, 5);
    }

    public override string Name => "local-losses";

    public override string Statement => "many local objectives let perturbation scale with depth";

    public override string Experiment(bool quick)
    {
        Sizes s = Sizes.For(quick);
        string fashion = s.FashionEpochs > 0 ? $"; fashion14 with 128 units per layer, {s.FashionEpochs} epochs (a budget cut to fit the time; the rates are the defaults' for that budget)" : "; no fashion14";
        return $"Nets of {string.Join(", ", s.Depths)} hidden layers in fixed point, every learner with the project's defaults (bench learn's): " +
               "ap measures every hidden layer against the network's loss (G from the compute budget where a perturbation must cross " +
               "further hidden layers), ap-local gives every hidden layer but the last a readout head and loss of its own " +
               $"(every unit alone through its head's columns); float backprop (Adam) is the ceiling. Digits with 32 units per layer, {s.DigitsEpochs} epochs" +
               fashion + "; seed 1, test accuracy after the last epoch.";
    }

    public override ClaimOutcome Run(SeedRun run)
    {
        Sizes sizes = Sizes.For(run.Quick);
        var outcome = new ClaimOutcome();
        Measure(run, run.Digits, 32, sizes.DigitsEpochs, sizes.Depths, outcome);
        if (sizes.FashionEpochs > 0) Measure(run, run.Fashion, 128, sizes.FashionEpochs, sizes.Depths, outcome);
        return outcome;
    }

    private static void Measure(SeedRun run, Dataset data, int width, int epochs, int[] depths, ClaimOutcome outcome)
    {
        var shape = DataShape.Of(data);
        double rate = LearnDefaults.Rate(shape, epochs);
        var table = new ResultTable("hidden_layers", "arch", "bp", "ap_global", "ap_local", "local_minus_global",
                                    "ap_passes_per_sample", "ap_local_passes_per_sample", "ap_train_macs_per_sample", "ap_local_train_macs_per_sample",
                                    "ap_seconds", "ap_local_seconds");
        var bp = new List<double>();
        var global = new List<double>();
        var local = new List<double>();
        foreach (int depth in depths)
        {
            run.Cancellation.ThrowIfCancellationRequested();
            int[] hidden = Enumerable.Repeat(width, depth).ToArray();
            LearnResult Learn(byte algorithm)
            {
                run.Say($"  {data.Name}, {depth} hidden layer{(depth > 1 ? "s" : "")}: {LearnSettings.AlgorithmName(algorithm)}, {epochs} epochs");
                LearnSettings settings = LearnDefaults.For(algorithm, shape, hidden) with { Data = data.Name, Epochs = epochs };
                if (algorithm != LearningAlgorithm.Backprop) settings = settings.WithRates(rate, rate);
                return LearnBenchmark.Run(data, settings);
            }
            LearnResult b = Learn(LearningAlgorithm.Backprop), g = Learn(LearningAlgorithm.ActivityPerturbation), l = Learn(LearningAlgorithm.ActivityPerturbationLocal);
            bp.Add(b.TestAccuracy);
            global.Add(g.TestAccuracy);
            local.Add(l.TestAccuracy);
            long samples = (long)epochs * data.TrainCount;
            table.AddRow(depth, g.Arch, Math.Round(b.TestAccuracy, 2), Math.Round(g.TestAccuracy, 2), Math.Round(l.TestAccuracy, 2),
                         Math.Round(l.TestAccuracy - g.TestAccuracy, 2),
                         Math.Round((double)g.ForwardPasses / samples, 1), Math.Round((double)l.ForwardPasses / samples, 1),
                         Math.Round((double)g.TrainMacs / samples), Math.Round((double)l.TrainMacs / samples),
                         Math.Round(g.Seconds, 1), Math.Round(l.Seconds, 1));
        }
        outcome.Tables.Add(new SeedTable(data.Name, $"{data.Name}: test accuracy % after {epochs} epochs, {width} units per hidden layer", table));

        int[] deep = depths.Select((d, i) => (d, i)).Where(x => x.d > 1).Select(x => x.i).ToArray();
        outcome.Checks.Add(new Check($"{data.Name}: local losses are at least as accurate as the global loss on every net of 2 or more hidden layers",
            deep.All(i => local[i] >= global[i]), string.Join(", ", deep.Select(i => $"{depths[i]} layers: local {local[i]:F2} vs global {global[i]:F2} %"))));
        outcome.Checks.Add(new Check($"{data.Name}: with local losses the deepest net ({depths[^1]} hidden layers) is at most {DepthTolerance} point below the 1-layer net",
            local[^1] >= local[0] - DepthTolerance, $"{local[0]:F2} → {local[^1]:F2} %"));

        double[] x = depths.Select(d => (double)d).ToArray();
        outcome.Panels.Add(new LinePanel($"{data.Name}, {width} units per layer, {epochs} epochs", "hidden layers", "test accuracy (%)",
        [
            new Curve("bp (float, Adam)", x, bp.ToArray()),
            new Curve("ap, global loss", x, global.ToArray()),
            new Curve("ap-local, a loss per layer", x, local.ToArray()),
        ]));
    }
}
