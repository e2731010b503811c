using Edge.Core.Storage;
using Edge.Core.Model;
using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Learn;
using Edge.Host.Plots;

namespace Edge.Host.Seed;

/// <summary>
/// `wp-variance`: how well one step of each estimator points along the exact gradient as the hidden layer widens,
/// at equal forward passes, and what accuracy each reaches at those passes.
/// </summary>
public sealed class WpVarianceClaim : SeedClaim
{
    /// <summary>Equal passes: 1 clean + 8 perturbed for both (wp: K directions, central; ap: G groups, forward).</summary>
    private const int Directions = 4, Groups = 8;
    /// <summary>Hidden rate of the measured step: small enough that no master saturates, large enough to be exact.</summary>
    private const double ProbeRate = 0.01;
    private const int AdcBits = 12;

    private sealed record Sizes(int[] Widths, int Probes, int Epochs)
    {
        public static Sizes For(bool quick) => quick ? new([16, 64], 20, 1) : new([16, 32, 64, 128, 256, 512], 200, 10);
    }

    public override string Name => "wp-variance";

    public override string Statement =>
        "weight perturbation follows the gradient, but its noise grows with the size of the network; activity perturbation's noise is much smaller";

    public override string Experiment(bool quick)
    {
        Sizes s = Sizes.For(quick);
        return $"Digits, 64-H-10 for H = {string.Join(", ", s.Widths)}, in fixed point. Cosine: at the initial weights (seed 1), " +
               $"for each of the first {s.Probes} training samples, one step of the estimator alone (mini-batch 1, step control off, " +
               $"hidden rate {ProbeRate}) is read as the change of the hidden layer's int32 master weights and biases " +
               "(the learner's own update, through `Learner.MasterOf`), and compared with the exact gradient of the same sample at " +
               "the same weights (float backprop on a float copy of the Q3.12 weights); the table gives the mean and its standard " +
               $"error. Equal forward passes: weight perturbation with K = {Directions} directions (central differences, " +
               $"1 + {2 * Directions} passes) against activity perturbation with G = {Groups} groups (forward differences, " +
               $"1 + {Groups} passes); also activity perturbation with every unit alone (G = H, the default: a pass per " +
               "responding unit, each only that unit's column of the output layer). Accuracy: each learner's defaults but K and G, " +
               $"{s.Epochs} epochs (activity perturbation's rate for that budget), seed 1.";
    }

    public override ClaimOutcome Run(SeedRun run)
    {
        Sizes sizes = Sizes.For(run.Quick);
        Dataset data = run.Digits;
        var shape = DataShape.Of(data);
        int[][] codes = Samples.IdealCodes(data.TrainFeatures[..sizes.Probes], AdcBits);
        int[] labels = data.TrainLabels.Take(sizes.Probes).ToArray();

        var cosine = new ResultTable("hidden_units", "hidden_weights", "wp_k4", "wp_k4_se", "ap_g8", "ap_g8_se", "ap_every_unit", "ap_every_unit_se",
                                     "ap_g8_over_wp", "passes_wp_k4", "passes_ap_g8", "passes_ap_every_unit");
        var accuracy = new ResultTable("hidden_units", "wp_k4_accuracy", "ap_g8_accuracy", "wp_passes_per_sample", "ap_passes_per_sample",
                                       "wp_train_macs_per_sample", "ap_train_macs_per_sample", "wp_seconds", "ap_seconds");
        var wp = new List<Estimate>();
        var ap = new List<Estimate>();
        var apAll = new List<Estimate>();
        var wpAccuracy = new List<double>();
        var apAccuracy = new List<double>();
        foreach (int width in sizes.Widths)
        {
            run.Cancellation.ThrowIfCancellationRequested();
            run.Say($"  hidden {width}: cosines");
            int[] arch = [data.FeatureCount, width, data.ClassCount];
            double[][] gradients = ExactGradients(arch, codes, labels);
            LearnSettings Probe(byte algorithm) => LearnDefaults.For(algorithm, shape, [width]).WithLearner(l => { l.BatchSize = 1; l.StepControl = false; })
                .WithRates(ProbeRate, 0) with { Seed = 1, LinearDecay = false };
            wp.Add(Measure(arch, Probe(LearningAlgorithm.WeightPerturbation).WithLearner(l => l.Directions = Directions), codes, labels, gradients));
            ap.Add(Measure(arch, Probe(LearningAlgorithm.ActivityPerturbation).WithLearner(l => l.Groups = Groups), codes, labels, gradients));
            apAll.Add(Measure(arch, Probe(LearningAlgorithm.ActivityPerturbation).WithLearner(l => l.Groups = width), codes, labels, gradients));
            cosine.AddRow(width, (data.FeatureCount + 1) * width, R(wp[^1].Mean), R(wp[^1].Error), R(ap[^1].Mean), R(ap[^1].Error),
                          R(apAll[^1].Mean), R(apAll[^1].Error), Math.Round(ap[^1].Mean / wp[^1].Mean, 2),
                          Math.Round(wp[^1].Passes, 2), Math.Round(ap[^1].Passes, 2), Math.Round(apAll[^1].Passes, 2));

            run.Say($"  hidden {width}: accuracy at equal passes, {sizes.Epochs} epochs");
            LearnResult w = LearnBenchmark.Run(data, LearnDefaults.For(LearningAlgorithm.WeightPerturbation, shape, [width]).WithLearner(l => l.Directions = Directions)
                with { Data = "digits", Epochs = sizes.Epochs });
            double rate = LearnDefaults.Rate(shape, sizes.Epochs);
            LearnResult a = LearnBenchmark.Run(data, LearnDefaults.For(LearningAlgorithm.ActivityPerturbation, shape, [width]).WithLearner(l => l.Groups = Groups)
                .WithRates(rate, rate) with { Data = "digits", Epochs = sizes.Epochs });
            wpAccuracy.Add(w.TestAccuracy);
            apAccuracy.Add(a.TestAccuracy);
            long samples = (long)sizes.Epochs * data.TrainCount;
            accuracy.AddRow(width, Math.Round(w.TestAccuracy, 2), Math.Round(a.TestAccuracy, 2),
                            Math.Round((double)w.ForwardPasses / samples, 2), Math.Round((double)a.ForwardPasses / samples, 2),
                            Math.Round((double)w.TrainMacs / samples), Math.Round((double)a.TrainMacs / samples),
                            Math.Round(w.Seconds, 1), Math.Round(a.Seconds, 1));
        }

        var outcome = new ClaimOutcome();
        outcome.Tables.Add(new SeedTable("cosine", "cosine between one step of each estimator and the exact gradient (mean over the probe samples, se its standard error), and forward passes per sample", cosine));
        outcome.Tables.Add(new SeedTable("accuracy", $"test accuracy % at equal forward passes after {sizes.Epochs} epochs", accuracy));

        int[] widths = sizes.Widths;
        string PerWidth(Func<int, string> cell) => string.Join(", ", widths.Select((h, i) => $"H {h}: {cell(i)}"));
        outcome.Checks.Add(new Check("weight perturbation follows the gradient: its mean cosine is more than 2 standard errors above 0 at every width",
            wp.All(e => e.Mean > 2 * e.Error), PerWidth(i => $"{wp[i].Mean:F3} ± {wp[i].Error:F3}")));
        outcome.Checks.Add(new Check($"its noise grows with size: its cosine at H = {widths[^1]} is at most half of that at H = {widths[0]}",
            wp[^1].Mean <= 0.5 * wp[0].Mean, $"{wp[0].Mean:F3} → {wp[^1].Mean:F3} (× {wp[^1].Mean / wp[0].Mean:F2})"));
        outcome.Checks.Add(new Check("activity perturbation's noise is much smaller: at equal passes its cosine is at least 3 × weight perturbation's at every width",
            widths.Select((_, i) => ap[i].Mean >= 3 * wp[i].Mean).All(x => x), PerWidth(i => $"× {ap[i].Mean / wp[i].Mean:F1}")));
        outcome.Checks.Add(new Check("at equal passes activity perturbation is at least as accurate as weight perturbation at every width",
            widths.Select((_, i) => apAccuracy[i] >= wpAccuracy[i]).All(x => x), PerWidth(i => $"ap {apAccuracy[i]:F1} vs wp {wpAccuracy[i]:F1} %")));

        double[] x = widths.Select(h => (double)h).ToArray();
        outcome.Panels.Add(new LinePanel("one step against the exact gradient", "hidden units H", "cosine",
        [
            new Curve($"wp, K = {Directions} (1 + {2 * Directions} passes)", x, wp.Select(e => e.Mean).ToArray()),
            new Curve($"ap, G = {Groups} (1 + {Groups} passes)", x, ap.Select(e => e.Mean).ToArray()),
            new Curve("ap, every unit alone (G = H)", x, apAll.Select(e => e.Mean).ToArray()),
        ], LogX: true, LogY: true));
        outcome.Panels.Add(new LinePanel($"test accuracy at equal passes, {sizes.Epochs} epochs", "hidden units H", "test accuracy (%)",
        [
            new Curve($"wp, K = {Directions}", x, wpAccuracy.ToArray()),
            new Curve($"ap, G = {Groups}", x, apAccuracy.ToArray()),
        ], LogX: true));
        return outcome;
    }

    private sealed record Estimate(double Mean, double Error, double Passes);

    /// <summary>The exact gradient of the hidden layer for each probe sample at the initial weights (seed 1).</summary>
    private static double[][] ExactGradients(int[] arch, int[][] codes, int[] labels)
    {
        var network = new Network(arch);
        network.Initialize(1);
        var exact = new ExactGradient(arch);
        exact.CopyWeights(network);
        return codes.Select((c, i) => exact.Of(0, c, AdcBits, labels[i])).ToArray();
    }

    /// <summary>
    /// One step per probe sample from the same initial weights (put back before each), read from the hidden layer's
    /// masters, against −gradient: the mean cosine, its standard error and the forward passes per step.
    /// </summary>
    private static Estimate Measure(int[] arch, LearnSettings settings, int[][] codes, int[] labels, double[][] gradients)
    {
        var trainee = new FixedPointTrainee(arch, settings);
        Network network = trainee.Network;
        short[][] weights = network.Weights.Select(w => (short[])w.Clone()).ToArray();
        short[][] biases = network.Biases.Select(b => (short[])b.Clone()).ToArray();
        var cosines = new double[codes.Length];
        for (int p = 0; p < codes.Length; p++)
        {
            for (int l = 0; l < network.LayerCount; l++)
            {
                weights[l].CopyTo(network.Weights[l], 0);
                biases[l].CopyTo(network.Biases[l], 0);
            }
            trainee.Learner.ReloadWeights();
            double[] before = MasterReads.Read(trainee.Learner, 0);
            trainee.Train(codes[p], labels[p]);
            double[] step = Vectors.Difference(MasterReads.Read(trainee.Learner, 0), before);
            cosines[p] = Vectors.Cosine(step, Vectors.Negated(gradients[p]));
        }
        (double mean, double error) = Vectors.MeanAndError(cosines);
        return new Estimate(mean, error, (double)trainee.ForwardPasses / codes.Length);
    }

    private static double R(double value) => Math.Round(value, 4);
}
