using Edge.Core.Storage;
using Edge.Core.Model;
using Edge.Core.Learning;
using System.Globalization;
using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Files;
using Edge.Host.Learn;

namespace Edge.Host.Commands;

/// <summary>`edge bench learn`: how close the backprop-free learners come to backprop, measured.</summary>
public sealed class BenchLearnCommand : Command
{
    public override string Name => "bench learn";
    public override string Summary => "train one network with one algorithm and report accuracy, passes, state and time";
    public override string Description =>
        "Algorithms: bp (float backprop with Adam), ap (activity perturbation), ap-local (with local losses), " +
        "wp (weight perturbation), readout (only the output layer learns). Learners run in integer " +
        "fixed point unless --float; bp is always float. One set of defaults for every data set: they follow " +
        "from the layer sizes, the size of the training split and a compute budget (docs/learning.md). ap first " +
        "makes a held-out choice: ap and readout learn three quarters of the training split and are scored on the " +
        "rest, and the run learns with readout unless ap scored higher (--no-choice skips it).";

    public override IReadOnlyList<OptionSpec> Options =>
    [
        OptionSpec.Value("data", "D", "digits, fashion14 or csv:PATH", "digits"),
        OptionSpec.Value("algo", "A", "bp, ap, ap-local, wp or readout", "ap"),
        OptionSpec.Value("hidden", "N[,N...]", "hidden layer widths (default: half the inputs, 32 to 128)"),
        OptionSpec.Value("epochs", "N", "passes over the training split (default: 4 million samples' worth, at most 200); the default rate follows it"),
        OptionSpec.Value("seed", "S", "seed of initial weights, order, perturbations and ADC noise", "1"),
        .. LearnerOptions.Specs,
        OptionSpec.Value("lr-schedule", "S", "constant, or linear (decays to 10 % by the last epoch)"),
        OptionSpec.Value("optimizer", "O", "bp only: adam (default) or sgd"),
        OptionSpec.Flag("no-choice", "ap only: learn with ap whatever it scores, without the held-out choice between ap and readout"),
        OptionSpec.Flag("float", "run the learner in float instead of fixed point"),
        OptionSpec.Value("adc-bits", "B", "ADC resolution of the inputs", "12"),
        OptionSpec.Value("adc-noise", "LSB", "Gaussian ADC noise per read, in LSB", "0"),
        OptionSpec.Value("data-dir", "DIR", "folder of the Fashion-MNIST IDX files"),
        OptionSpec.Value("out", "FILE", "write the trained weights (Q3.12) and the run's settings as a weights file (a model image) for `edge weights put` (fixed-point learners and bp)"),
    ];

    public override int Run(CommandContext context)
    {
        var o = context.Options;
        string data = o.GetString("data", "digits");
        string algoName = o.GetString("algo", "ap");
        byte algorithm = LearnSettings.ParseAlgorithm(algoName)
            ?? throw new UsageException($"unknown algorithm '{algoName}': use bp, ap, ap-local, wp or readout");
        if (o.GetStringOrNull("out") is { } outFile) OutputFile.Check(outFile);   // before any work
        Dataset dataset = DataSources.Load(data, o.GetStringOrNull("data-dir"));
        if (dataset.FeatureCount > Network.MaxLayerSize || dataset.ClassCount > Network.MaxLayerSize)
            throw new CliException($"{dataset.Name} has {dataset.FeatureCount} features and {dataset.ClassCount} classes: a network's layers take at most " +
                                   $"{Network.MaxLayerSize} units (reduce the features, e.g. by PCA, before edge learns on them)");
        int[]? hidden = o.IsGiven("hidden") ? o.GetIntList("hidden", []) : null;
        if (hidden != null && (hidden.Length == 0 || hidden.Any(h => h < 1 || h > Network.MaxLayerSize))) throw Usage($"--hidden takes widths from 1 to {Network.MaxLayerSize}");
        int? epochs = o.IsGiven("epochs") ? o.GetInt("epochs") : null;
        // The settings of any learner on any rows (and epochs: null, the given or the default ones): its defaults for
        // their shape, with every option given applied.
        LearnSettings SettingsFor(byte learner, Dataset rows, int? runEpochs = null)
        {
            LearnSettings d = LearnDefaults.For(learner, DataShape.Of(rows), hidden, runEpochs ?? epochs) with { Data = data };
            var s = LearnerOptions.Apply(o, d) with
            {
                Optimizer = ParseOptimizer(o.GetStringOrNull("optimizer"), learner, d.Optimizer),
                Seed = (ulong)o.GetLong("seed", 1),
                LinearDecay = ParseSchedule(o.GetString("lr-schedule", d.LinearDecay ? "linear" : "constant")),
                FixedPoint = learner != LearningAlgorithm.Backprop && !o.HasFlag("float"),
                AdcBits = o.GetInt("adc-bits", 12),
                AdcNoiseLsb = o.GetDouble("adc-noise", 0),
            };
            Validate(s);
            return s;
        }
        LearnSettings settings = SettingsFor(algorithm, dataset);
        string? outPath = o.GetStringOrNull("out");

        if (outPath != null && algorithm != LearningAlgorithm.Backprop && !settings.FixedPoint)
            throw Usage("--out needs a fixed-point learner or bp (not --float)");
        if (outPath != null) ImageOf(settings, dataset);   // a model no image can hold fails before any work

        HeldOutChoice.Trials? trials = null;
        if (HeldOutChoice.Applies(algorithm, dataset.TrainCount) && !o.HasFlag("no-choice"))
        {
            using var progress = context.StartProgress($"held-out choice on {dataset.Name}", 1000);
            trials = HeldOutChoice.Run(dataset, SettingsFor, (trial, done, total, text) =>
            {
                context.Cancellation.ThrowIfCancellationRequested();
                progress.Report(500 * trial + 500 * done / Math.Max(1, total), text);
            });
            settings = SettingsFor(trials.Chosen, dataset);
        }

        LearnResult result;
        IExportsWeights? trained = null;
        using (var progress = context.StartProgress($"{LearnSettings.AlgorithmName(settings.Algorithm)} on {dataset.Name}", (long)settings.Epochs * dataset.TrainCount))
            result = LearnBenchmark.Run(dataset, settings, (done, _, text) =>
            {
                context.Cancellation.ThrowIfCancellationRequested();   // Ctrl+C: every 1024 samples is a safe point
                progress.Report(done, text);
            }, t => trained = t as IExportsWeights);
        var output = ToResult(result, algorithm, trials);
        ModelImageHeader? image = outPath == null ? null : ImageOf(settings, dataset);
        if (image != null)
        {
            string learner = LearnSettings.AlgorithmName(settings.Algorithm);
            if (trained == null) throw new CliException($"the {learner} learner cannot export its weights");
            image.SamplesSeen = (long)result.TrainSamples * settings.Epochs;
            var (values, exponents) = trained.ExportWeights();
            for (int l = 0; l < exponents.Length; l++) image.WeightExponents[l] = exponents[l];
            var file = Boards.WeightsFile.Of(image, values,
                $"bench learn --algo {learner} --data {dataset.Name} --seed {settings.Seed} (ideal {settings.AdcBits}-bit ADC)");
            file.Save(outPath!);
            output.Add("out", Path.GetFullPath(outPath!));
        }
        context.Write(output);
        return 0;
    }

    /// <summary>
    /// The model image header `--out` writes: the run's architecture, algorithm and learner settings and its seed as
    /// init and learner seed; for bp, its step size as both rates (the nearest Q15.16), as the report shows it.
    /// Checked before training: a model that no image can hold fails at once.
    /// </summary>
    private static ModelImageHeader ImageOf(LearnSettings settings, Dataset dataset)
    {
        var image = new ModelImageHeader();
        ModelConfig config = image.Config;
        config.InitSeed = settings.Seed;
        config.Learner.CopyFrom(settings.CoreSettings());
        if (settings.Algorithm == LearningAlgorithm.Backprop)
            config.Learner.HiddenLearningRateQ16 = config.Learner.OutputLearningRateQ16 = LearnerSettings.ToQ16(settings.BackpropRate);
        string? problem = config.SetSizes(LearnBenchmark.Sizes(dataset, settings.Hidden))
            ? config.Validate(backpropAllowed: true)
            : $"at most {ModelConfig.MaxLayers - 1} hidden layers";
        if (problem != null) throw Usage($"--out: a model image cannot hold this model: {problem}");
        return image;
    }

    private static bool ParseSchedule(string name) => name switch
    {
        "constant" => false,
        "linear" => true,
        _ => throw Usage($"unknown --lr-schedule '{name}': use constant or linear"),
    };

    private static Reference.Optimizer ParseOptimizer(string? name, byte algorithm, Reference.Optimizer fallback)
    {
        if (name == null) return fallback;
        if (algorithm != LearningAlgorithm.Backprop) throw Usage("--optimizer is for bp; the fixed-point learners use --step-control");
        return name switch
        {
            "adam" => Reference.Optimizer.Adam,
            "sgd" => Reference.Optimizer.Sgd,
            _ => throw Usage($"unknown --optimizer '{name}': use adam or sgd"),
        };
    }

    private static void Validate(LearnSettings s)
    {
        if (s.Hidden.Length == 0 || s.Hidden.Any(h => h < 1 || h > Network.MaxLayerSize)) throw Usage($"--hidden takes widths from 1 to {Network.MaxLayerSize}");
        if (s.Epochs < 0) throw Usage("--epochs must be 0 or more");
        if (s.Learner.Directions < 1) throw Usage("--k must be at least 1");
        if (s.Learner.Groups < 1) throw Usage("--groups must be at least 1");
        if (s.Learner.BatchSize < 1) throw Usage("--batch must be at least 1");
        if (s.AdcBits < 1 || s.AdcBits > 16) throw Usage("--adc-bits must be in 1..16");
        if (s.Learner.ExtraWeightBits is not (16 or 8 or 4 or 2 or 0)) throw Usage("--extra-bits must be 16, 8, 4, 2 or 0");
        if (s.Learner.ExtraWeightBits != 16 && s.Algorithm == LearningAlgorithm.WeightPerturbation) throw Usage("wp keeps int32 master weights: use --extra-bits 16");
        if (!(s.AdcNoiseLsb >= 0)) throw Usage("--adc-noise must be 0 or more");
    }

    private static UsageException Usage(string message) => new(message);

    /// <param name="requested">The algorithm asked for (`algo`); the run's learner (`learner`) differs when the held-out choice picked readout.</param>
    /// <param name="trials">The held-out choice's trials, when the run made it.</param>
    public static CommandResult ToResult(LearnResult r, byte requested, HeldOutChoice.Trials? trials)
    {
        var s = r.Settings;
        return new CommandResult()
            .Add("data", s.Data)
            .Add("algo", LearnSettings.AlgorithmName(requested))
            .Add("learner", LearnSettings.AlgorithmName(s.Algorithm))
            .Add("heldout_choice", trials == null ? null : new CommandResult()
                .Add("ap_accuracy", Math.Round(trials.ApAccuracy, 2))
                .Add("readout_accuracy", Math.Round(trials.ReadoutAccuracy, 2))
                .Add("train_macs", trials.TrainMacs)
                .Add("seconds", Math.Round(trials.Seconds, 2)))
            .Add("arch", r.Arch)
            .Add("fixed_point", s.FixedPoint)
            .Add("epochs", s.Epochs)
            .Add("seed", s.Seed)
            .Add("train_samples", r.TrainSamples)
            .Add("test_samples", r.TestSamples)
            .Add("forward_passes", r.ForwardPasses)
            .Add("forward_passes_per_sample", r.TrainSamples * (long)s.Epochs == 0 ? 0 : Math.Round((double)r.ForwardPasses / (r.TrainSamples * (long)s.Epochs), 3))
            .Add("forward_macs", r.ForwardMacs)
            .Add("train_macs_per_sample", r.TrainSamples * (long)s.Epochs == 0 ? 0 : Math.Round((double)r.TrainMacs / (r.TrainSamples * (long)s.Epochs), 1))
            .Add("train_accuracy", Math.Round(r.TrainAccuracy, 2))
            .Add("test_accuracy", Math.Round(r.TestAccuracy, 2))
            .Add("state_bytes", r.StateBytes)
            .Add("seconds", Math.Round(r.Seconds + (trials?.Seconds ?? 0), 2))
            .Add("k", s.Learner.Directions)
            .Add("groups", s.Learner.Groups)
            .Add("sigma", LearnerOptions.Real(s.Learner.SigmaQ16))
            .Add("lr_hidden", s.Algorithm == LearningAlgorithm.Backprop ? s.BackpropRate : LearnerOptions.Real(s.Learner.HiddenLearningRateQ16))
            .Add("lr_output", s.Algorithm == LearningAlgorithm.Backprop ? s.BackpropRate : LearnerOptions.Real(s.Learner.OutputLearningRateQ16))
            .Add("batch", s.Learner.BatchSize)
            .Add("active_only", s.Learner.ActiveOnly)
            .Add("central", s.Learner.CentralDifferences)
            .Add("lr_schedule", s.LinearDecay ? "linear" : "constant")
            .Add("step_control", s.Learner.StepControl)
            .Add("centred_steps", s.Learner.CentredSteps)
            .Add("optimizer", s.Algorithm == LearningAlgorithm.Backprop ? (s.Optimizer == Reference.Optimizer.Adam ? "adam" : "sgd") : null)
            .Add("extra_bits", s.Learner.ExtraWeightBits)
            .Add("adc_bits", s.AdcBits)
            .Add("adc_noise", s.AdcNoiseLsb)
            .Add("test_accuracy_curve", r.TestAccuracyCurve.Select(a => Math.Round(a, 2)).ToArray());
    }
}
