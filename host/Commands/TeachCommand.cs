using System.Diagnostics;
using System.Globalization;
using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Files;
using Edge.Host.Reference;
using Edge.Host.Teachers;

namespace Edge.Host.Commands;

/// <summary>
/// `edge teach`: trains a float teacher with backprop, saves it as ONNX, and reports the accuracy
/// of the saved file as OnnxRuntime runs it (so the number belongs to what was written).
/// </summary>
public sealed class TeachCommand : Command
{
    public override string Name => "teach";
    public override string Summary => "train a float teacher with backprop and save it as an ONNX model";
    public override string Description =>
        "The teacher is a float MLP (ReLU hidden layers, linear logits) trained on the training split; " +
        "the file is reloaded through OnnxRuntime and its test accuracy reported. --arch must start with " +
        "the data set's feature count and end with its class count (default F-256-C). Any ONNX file with " +
        "one float input [N, F] and one float output [N, C] can serve as a teacher, not only these.";

    public override IReadOnlyList<OptionSpec> Options =>
    [
        OptionSpec.Value("data", "D", "digits, fashion14 or csv:PATH", "digits"),
        OptionSpec.Value("arch", "F-H...-C", "layer sizes, e.g. 64-256-10 (default: features-256-classes)"),
        OptionSpec.Value("out", "FILE", "where to write the ONNX model"),
        OptionSpec.Value("epochs", "N", "passes over the training split (default 60 on small sets, 15 on large ones)"),
        OptionSpec.Value("seed", "S", "seed of the initial weights and the sample order", "1"),
        OptionSpec.Value("lr", "X", "SGD learning rate at the start, decaying linearly to 10 % (default 0.02)"),
        OptionSpec.Value("momentum", "X", "SGD momentum (default 0.9)"),
        OptionSpec.Value("batch", "N", "mini-batch size (default 32)"),
        OptionSpec.Value("data-dir", "DIR", "folder of the Fashion-MNIST IDX files"),
    ];

    public override int Run(CommandContext context)
    {
        var o = context.Options;
        string outPath = o.GetStringOrNull("out") ?? throw new UsageException("option --out is required: where to write the teacher (e.g. --out teacher.onnx)");
        OutputFile.Check(outPath);
        string dataSpec = o.GetString("data", "digits");
        int[]? arch = o.GetStringOrNull("arch") is { } archText ? ParseArch(archText) : null;
        Dataset data = DataSources.Load(dataSpec, o.GetStringOrNull("data-dir"));

        TeacherSettings d = TeacherSettings.For(data, arch);
        var settings = d with
        {
            Epochs = o.GetInt("epochs", d.Epochs),
            Seed = (ulong)o.GetLong("seed", 1),
            LearningRate = o.GetDouble("lr", d.LearningRate),
            Momentum = o.GetDouble("momentum", d.Momentum),
            BatchSize = o.GetInt("batch", d.BatchSize),
        };
        Validate(settings);
        try { TeacherTraining.CheckArchitecture(data, settings.LayerSizes); }
        catch (ArgumentException error) { throw new UsageException("--arch: " + error.Message); }

        var watch = Stopwatch.StartNew();
        FloatMlp network;
        using (var progress = context.StartProgress($"teacher {settings.Architecture} on {data.Name}", (long)settings.Epochs * data.TrainCount))
        {
            try
            {
                network = TeacherTraining.Train(data, settings,
                    (done, _, loss) => progress.Report(done, string.Create(CultureInfo.InvariantCulture, $"loss {loss:0.0000}")),
                    context.Cancellation);
            }
            catch (ArgumentException error) { throw new CliException(error.Message); }
        }
        double trainSeconds = watch.Elapsed.TotalSeconds;

        OnnxExport.Save(network, outPath);
        double testAccuracy, maxDifference;
        try
        {
            using var reloaded = new OnnxTeacher(outPath);
            testAccuracy = 100 * TeacherEvaluation.Accuracy(reloaded, data.TestFeatures, data.TestLabels);
            maxDifference = MaxLogitDifference(reloaded, new FloatMlpTeacher(network), data.TestFeatures);
        }
        catch (TeacherException error) { throw new CliException("the saved teacher does not load back: " + error.Message); }

        context.Write(new CommandResult()
            .Add("data", data.Name)
            .Add("arch", settings.Architecture)
            .Add("epochs", settings.Epochs)
            .Add("seed", settings.Seed)
            .Add("lr", settings.LearningRate)
            .Add("momentum", settings.Momentum)
            .Add("batch", settings.BatchSize)
            .Add("parameters", network.ParameterCount)
            .Add("train_samples", data.TrainCount)
            .Add("test_samples", data.TestCount)
            .Add("train_accuracy", Math.Round(100 * network.Accuracy(data.TrainFeatures, data.TrainLabels), 2))
            .Add("test_accuracy", Math.Round(testAccuracy, 2))
            .Add("max_logit_difference", maxDifference)
            .Add("train_seconds", Math.Round(trainSeconds, 2))
            .Add("seconds", Math.Round(watch.Elapsed.TotalSeconds, 2))
            .Add("out", Path.GetFullPath(outPath))
            .Add("bytes", new FileInfo(outPath).Length));
        return 0;
    }

    /// <summary>Largest |a − b| over all logits of <paramref name="inputs"/>: how faithfully the file reproduces the network.</summary>
    public static double MaxLogitDifference(ITeacher a, ITeacher b, IReadOnlyList<float[]> inputs)
    {
        float[][] left = a.Logits(inputs), right = b.Logits(inputs);
        double max = 0;
        for (int n = 0; n < left.Length; n++)
            for (int c = 0; c < left[n].Length; c++)
                max = Math.Max(max, Math.Abs((double)left[n][c] - right[n][c]));
        return max;
    }

    private static int[] ParseArch(string text)
    {
        string[] parts = text.Split('-', StringSplitOptions.TrimEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1 || sizes[i] > 65536)
                throw new UsageException($"--arch '{text}' is not a list of layer sizes like 64-256-10");
        }
        if (sizes.Length < 2) throw new UsageException($"--arch '{text}' needs at least input and output sizes, like 64-256-10");
        return sizes;
    }

    private static void Validate(TeacherSettings s)
    {
        if (s.Epochs < 0) throw new UsageException("--epochs must be 0 or more");
        if (!(s.LearningRate > 0) || s.LearningRate > 16) throw new UsageException("--lr must be in (0, 16]");
        if (!(s.Momentum >= 0) || s.Momentum >= 1) throw new UsageException("--momentum must be in [0, 1)");
        if (s.BatchSize < 1) throw new UsageException("--batch must be at least 1");
    }
}
