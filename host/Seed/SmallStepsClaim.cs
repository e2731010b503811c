using Edge.Core.Storage;
using Edge.Core.Numerics;
using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Learn;
using Edge.Host.Plots;
using Edge.Host.Reference;

namespace Edge.Host.Seed;

/// <summary>
/// `small-steps`: activity perturbation's update summed over many samples against backprop's, as σ and the learning rate
/// shrink; and the forward passes each needs to reach backprop's accuracy.
/// </summary>
public sealed class SmallStepsClaim : SeedClaim
{
    private const int Hidden = 32, AdcBits = 12;

    private sealed record Sizes(double[] Sigmas, double[] Rates, int Samples, int Epochs)
    {
        public static Sizes For(bool quick) => quick
            ? new([0.2, 0.0125], [0.1, 0.001], 100, 2)
            : new([0.2, 0.05, 0.0125, 0.003125], [0.1, 0.01, 0.001], 1000, LearnDefaults.Epochs(DigitsShape));

        private static DataShape DigitsShape => new(Digits.FeatureCount, Digits.ClassCount, Digits.TrainCount);
    }

    public override string Name => "small-steps";

    public override string Statement => "activity perturbation with a small σ and learning rate behaves like backprop, only slower";

    public override string Experiment(bool quick)
    {
        Sizes s = Sizes.For(quick);
        return $"Digits, 64-{Hidden}-10. Summed update: from the same initial weights (seed 1), activity perturbation in fixed point " +
               "(the default: every hidden unit measured alone, and for contrast G = 1: all at once in one perturbed pass; step " +
               "control off and a constant rate, so that its step is the plain SGD step of its estimate) and float backprop (plain " +
               "SGD at the same rate, mini-batches of 16) learn the same first " +
               $"{s.Samples} training samples in the same order; the cosine between the changes of their hidden layers' weights and " +
               $"biases (activity perturbation's int32 masters), and of all their weights, for σ = {string.Join(", ", s.Sigmas)} and " +
               $"rates {string.Join(", ", s.Rates)}. Passes to backprop's accuracy: both learners with the project's defaults " +
               $"(backprop: float, Adam; activity perturbation: fixed point, step control, the rate decaying), {s.Epochs} epochs, seed 1; " +
               "the forward passes each had spent (at its mean passes per sample) when its test accuracy first reached backprop's final one.";
    }

    public override ClaimOutcome Run(SeedRun run)
    {
        Sizes sizes = Sizes.For(run.Quick);
        Dataset data = run.Digits;
        var shape = DataShape.Of(data);
        int[] order = Enumerable.Range(0, data.TrainCount).ToArray();
        LearnBenchmark.Shuffle(order, new Pcg32(1, 3));
        int[][] codes = Samples.IdealCodes(Samples.Pick(data.TrainFeatures, order[..sizes.Samples]), AdcBits);
        int[] labels = Samples.Pick(data.TrainLabels, order[..sizes.Samples]);

        var updates = new ResultTable("sigma", "rate", "hidden_cosine", "network_cosine", "hidden_cosine_g1", "network_cosine_g1");
        var hidden = new Dictionary<(double, double), double>();
        var hiddenG1 = new Dictionary<(double, double), double>();
        foreach (double rate in sizes.Rates)
            foreach (double sigma in sizes.Sigmas)
            {
                run.Cancellation.ThrowIfCancellationRequested();
                (double h, double all) = SummedUpdateCosines(shape, codes, labels, sigma, rate, Hidden);
                (double h1, double all1) = SummedUpdateCosines(shape, codes, labels, sigma, rate, 1);
                hidden[(sigma, rate)] = h;
                hiddenG1[(sigma, rate)] = h1;
                updates.AddRow(sigma, rate, Math.Round(h, 4), Math.Round(all, 4), Math.Round(h1, 4), Math.Round(all1, 4));
            }

        run.Say($"  backprop and activity perturbation with their defaults, {sizes.Epochs} epochs");
        LearnResult bp = LearnBenchmark.Run(data, LearnDefaults.For(LearningAlgorithm.Backprop, shape) with { Data = "digits", Epochs = sizes.Epochs });
        double rateForBudget = LearnDefaults.Rate(shape, sizes.Epochs);
        LearnResult ap = LearnBenchmark.Run(data, LearnDefaults.For(LearningAlgorithm.ActivityPerturbation, shape)
            .WithRates(rateForBudget, rateForBudget) with { Data = "digits", Epochs = sizes.Epochs });
        double target = bp.TestAccuracy;
        Reach bpReach = Reached(bp, target), apReach = Reached(ap, target);
        var reach = new ResultTable("learner", "final_test_accuracy", "epoch_reached", "passes_per_sample", "passes_to_reach", "train_macs_to_reach");
        foreach ((string name, LearnResult r, Reach at) in new[] { ("bp (float, Adam)", bp, bpReach), ("ap (fixed point, defaults)", ap, apReach) })
            reach.AddRow(name, Math.Round(r.TestAccuracy, 2), at.Epoch, Math.Round(at.PassesPerSample, 2), at.Passes, at.Macs);

        var outcome = new ClaimOutcome();
        outcome.Tables.Add(new SeedTable("summed_update", $"cosine between activity perturbation's and backprop's summed update over {sizes.Samples} samples, of the hidden layer and of the whole network; g1: every hidden unit perturbed at once (G = 1) instead of alone", updates));
        outcome.Tables.Add(new SeedTable("passes_to_backprop_accuracy", $"forward passes until the test accuracy first reached backprop's final {target:F2} %", reach));

        double smallest = sizes.Rates.Min(), largest = sizes.Rates.Max();
        double bestSigma = sizes.Sigmas.MaxBy(s => hidden[(s, smallest)]);
        double best = hidden[(bestSigma, smallest)];
        outcome.Checks.Add(new Check($"at the smallest rate ({smallest}), with the best σ, the summed update of activity perturbation's hidden layer (every unit alone) points where backprop's does: cosine ≥ 0.9",
            best >= 0.9, $"σ {bestSigma}: {best:F3}"));
        double bestSigmaG1 = sizes.Sigmas.MaxBy(s => hiddenG1[(s, smallest)]);
        outcome.Checks.Add(new Check($"it comes closer as the rate shrinks: at the best σ the cosine at rate {smallest} exceeds the one at rate {largest}, every unit alone and with G = 1",
            best > hidden[(bestSigma, largest)] && hiddenG1[(bestSigmaG1, smallest)] > hiddenG1[(bestSigmaG1, largest)],
            $"every unit alone, σ {bestSigma}: {hidden[(bestSigma, largest)]:F3} → {best:F3}; G = 1, σ {bestSigmaG1}: {hiddenG1[(bestSigmaG1, largest)]:F3} → {hiddenG1[(bestSigmaG1, smallest)]:F3}"));
        outcome.Checks.Add(new Check("with the defaults, activity perturbation reaches backprop's final test accuracy",
            apReach.Epoch != null, apReach.Epoch is { } e ? $"{target:F2} % at epoch {e} of {sizes.Epochs}" : $"best {ap.TestAccuracyCurve.Max():F2} % < {target:F2} %"));
        outcome.Checks.Add(new Check("only slower: it needs more forward passes than backprop to get there",
            apReach.Passes is { } p && bpReach.Passes is { } q && p > q,
            $"bp {Count(bpReach.Passes)}, ap {Count(apReach.Passes)} passes"));

        outcome.Panels.Add(new LinePanel($"summed update over {sizes.Samples} samples vs backprop's", "σ", "cosine of the hidden layers' updates",
            [
                .. sizes.Rates.Select(rate => new Curve($"every unit alone, rate {rate}", sizes.Sigmas, sizes.Sigmas.Select(s => hidden[(s, rate)]).ToArray())),
                .. sizes.Rates.Select(rate => new Curve($"G = 1, rate {rate}", sizes.Sigmas, sizes.Sigmas.Select(s => hiddenG1[(s, rate)]).ToArray())),
            ], LogX: true));
        outcome.Panels.Add(new LinePanel("test accuracy against forward passes (defaults)", "forward passes", "test accuracy (%)",
        [
            AccuracyCurve("bp (float, Adam)", bp, bpReach.PassesPerSample, data.TrainCount),
            AccuracyCurve("ap (fixed point, defaults)", ap, apReach.PassesPerSample, data.TrainCount),
            new Curve($"bp's final {target:F2} %", [data.TrainCount, (double)sizes.Epochs * data.TrainCount * apReach.PassesPerSample], [target, target]),
        ], LogX: true));
        return outcome;
    }

    /// <summary>The epoch (1-based) at which a run's test accuracy first reached <paramref name="target"/>, and the passes and MACs spent by then.</summary>
    private sealed record Reach(int? Epoch, double PassesPerSample, long? Passes, long? Macs);

    private static Reach Reached(LearnResult r, double target)
    {
        long samples = (long)r.Settings.Epochs * r.TrainSamples;
        double passesPerSample = (double)r.ForwardPasses / samples, macsPerSample = (double)r.TrainMacs / samples;
        int index = Array.FindIndex(r.TestAccuracyCurve, a => a >= target);
        if (index < 0) return new Reach(null, passesPerSample, null, null);
        long seen = (long)(index + 1) * r.TrainSamples;
        return new Reach(index + 1, passesPerSample, (long)Math.Round(seen * passesPerSample), (long)Math.Round(seen * macsPerSample));
    }

    private static Curve AccuracyCurve(string name, LearnResult r, double passesPerSample, int trainCount) =>
        new(name, r.TestAccuracyCurve.Select((_, e) => (e + 1.0) * trainCount * passesPerSample).ToArray(), r.TestAccuracyCurve);

    private static string Count(long? passes) => passes is { } p ? p.ToString("N0") : "never";

    /// <summary>
    /// From the same initial weights, activity perturbation (fixed point, step control off, constant rate) and backprop
    /// (float SGD, the same rate and batches) learn the same samples; the cosines of their summed hidden-layer and whole-network updates.
    /// </summary>
    private static (double Hidden, double Network) SummedUpdateCosines(DataShape shape, int[][] codes, int[] labels, double sigma, double rate, int groups)
    {
        LearnSettings settings = LearnDefaults.For(LearningAlgorithm.ActivityPerturbation, shape, [Hidden])
            .WithLearner(l => { l.Groups = groups; l.StepControl = false; }).WithSigma(sigma).WithRates(rate, rate)
            with { Seed = 1, LinearDecay = false };
        int[] sizes = LearnBenchmark.Sizes(shape.Inputs, [Hidden], shape.Classes);
        var ap = new FixedPointTrainee(sizes, settings);
        var mlp = new FloatMlp(sizes, 0);
        FloatCopy.Weights(ap.Network, mlp);
        var bp = new BackpropTrainer(mlp) { LearningRate = (float)rate, BatchSize = settings.Learner.BatchSize, Optimizer = Optimizer.Sgd };
        int layers = sizes.Length - 1;
        double[][] apBefore = Enumerable.Range(0, layers).Select(l => MasterReads.Read(ap.Learner, l)).ToArray();
        double[][] bpBefore = Enumerable.Range(0, layers).Select(l => FloatCopy.Layer(mlp, l)).ToArray();
        var input = new float[sizes[0]];
        for (int n = 0; n < codes.Length; n++)
        {
            ap.Train(codes[n], labels[n]);
            FloatCopy.Input(codes[n], AdcBits, input);
            bp.AccumulateHardLabel(input, labels[n]);
            if ((n + 1) % settings.Learner.BatchSize == 0) bp.ApplyGradients();
        }
        ap.EndEpoch();
        bp.ApplyGradients();
        double[][] apStep = Enumerable.Range(0, layers).Select(l => Vectors.Difference(MasterReads.Read(ap.Learner, l), apBefore[l])).ToArray();
        double[][] bpStep = Enumerable.Range(0, layers).Select(l => Vectors.Difference(FloatCopy.Layer(mlp, l), bpBefore[l])).ToArray();
        return (Vectors.Cosine(apStep[0], bpStep[0]), Vectors.Cosine([.. apStep.SelectMany(v => v)], [.. bpStep.SelectMany(v => v)]));
    }
}
