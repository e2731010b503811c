using System.Globalization;
using System.Text;
using Edge.Host.Cli;
using Edge.Host.Data;

namespace Edge.Host.Commands;

/// <summary>
/// `edge data export`: a data set's fixed train/test split, as edge's learners see it (features scaled into
/// [0, 1] by the training split), written as two CSV files, so outside references (scripts/peer_sklearn.py,
/// scripts/peer_torch.py) learn on exactly the same rows.
/// </summary>
public sealed class DataExportCommand : Command
{
    public override string Name => "data export";
    public override string Summary => "write a data set's train/test split as edge sees it (train.csv, test.csv)";
    public override string Description =>
        "Each row: the features in [0, 1] (scaled by the training split's range, as every edge learner sees them), " +
        "then the class index. The files are what outside references (scripts/peer_sklearn.py) train and test on.";

    public override IReadOnlyList<OptionSpec> Options =>
    [
        OptionSpec.Value("data", "D", "digits, fashion14 or csv:PATH", "digits"),
        OptionSpec.Value("data-dir", "DIR", "folder of the Fashion-MNIST IDX files"),
        OptionSpec.Value("out", "DIR", "folder to write train.csv and test.csv into (made if missing)"),
    ];

    public override int Run(CommandContext context)
    {
        var o = context.Options;
        string outDir = o.GetStringOrNull("out") ?? throw new UsageException("--out DIR is required");
        Dataset data = DataSources.Load(o.GetString("data", "digits"), o.GetStringOrNull("data-dir"));
        string train = Path.Combine(outDir, "train.csv"), test = Path.Combine(outDir, "test.csv");
        try
        {
            Directory.CreateDirectory(outDir);
            File.WriteAllText(train, ToCsv(data.TrainFeatures, data.TrainLabels, data.FeatureCount));
            File.WriteAllText(test, ToCsv(data.TestFeatures, data.TestLabels, data.FeatureCount));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write into {outDir}: {e.Message}", inner: e);
        }
        context.Write(new CommandResult()
            .Add("data", data.Name)
            .Add("features", data.FeatureCount)
            .Add("classes", data.ClassCount)
            .Add("train_samples", data.TrainCount)
            .Add("test_samples", data.TestCount)
            .Add("train", Path.GetFullPath(train))
            .Add("test", Path.GetFullPath(test)));
        return 0;
    }

    /// <summary>Header f1..fn,label; floats written round-trip exact.</summary>
    private static string ToCsv(float[][] features, int[] labels, int featureCount)
    {
        var text = new StringBuilder();
        for (int f = 0; f < featureCount; f++) text.Append('f').Append(f + 1).Append(',');
        text.Append("label\n");
        for (int i = 0; i < features.Length; i++)
        {
            foreach (float x in features[i]) text.Append(x.ToString("R", CultureInfo.InvariantCulture)).Append(',');
            text.Append(labels[i]).Append('\n');
        }
        return text.ToString();
    }
}
