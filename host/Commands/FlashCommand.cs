using System.Globalization;
using Edge.Core.Storage;
using Edge.Host.Boards;
using Edge.Host.Cli;
using Edge.Host.Device;
using Edge.Host.Learn;

namespace Edge.Host.Commands;

/// <summary>`edge flash`: CONFIGURE a fresh model (architecture, learner, initial weights from the seed), then SAVE it.</summary>
public sealed class FlashCommand : Command
{
    public override string Name => "flash";
    public override string Summary => "put a model (architecture, hyperparameters, initial weights) onto a board";
    public override string Description =>
        "Builds a fresh model on the board (CONFIGURE) and saves it to the board's flash (SAVE). The learner " +
        "settings default to those of `edge bench learn` for the data set named by --data, so flash + train " +
        "matches bench learn with the same seed. Boards learn at a constant rate (no --lr-schedule).";

    public override IReadOnlyList<ArgumentSpec> Arguments => [BoardOptions.Target];

    public override IReadOnlyList<OptionSpec> Options =>
    [
        OptionSpec.Value("arch", "I-H-...-O", "layer sizes, input first; the input must be the board's channel count (e.g. 64-32-10)"),
        OptionSpec.Value("algo", "A", "ap, ap-local, wp or readout", "ap"),
        OptionSpec.Value("seed", "S", "seed of the initial weights and of the learner's perturbations", "1"),
        OptionSpec.Value("data", "D", "data set whose learner defaults to use (digits or fashion14)", "digits"),
        .. LearnerOptions.Specs,
        BoardOptions.FlashDir,
        BoardOptions.Timeout,
    ];

    public override int Run(CommandContext context)
    {
        var o = context.Options;
        int[] sizes = ParseArch(o.GetString("arch"));
        string algoName = o.GetString("algo");
        Algorithm algorithm = LearnSettings.ParseAlgorithm(algoName) is { } a && a != Algorithm.Backprop
            ? a
            : throw new UsageException($"unknown algorithm '{algoName}' for a board: use ap, ap-local, wp or readout");
        LearnSettings settings = Settings(o, algorithm, sizes);

        using BoardSession session = BoardOptions.Open(context);
        if (sizes[0] != session.Hello.ChannelCount)
            throw new CliException($"--arch {string.Join('-', sizes)} has {sizes[0]} inputs but board {session.Target} has {session.Hello.ChannelCount} channels (use {session.Hello.ChannelCount}-...)");
        var config = new ModelConfig { Algorithm = LearningAlgorithm.FromName(LearnSettings.AlgorithmName(algorithm)), InitSeed = settings.Seed };
        config.SetSizes(sizes);
        config.SetLearnerSettings(FixedPointTrainee.ToCoreSettings(settings));
        if (config.Validate() is { } problem) throw new UsageException("bad model: " + problem);

        ConfigureResult configured = session.Call(() => session.Client.Configure(config));
        SaveResult saved = session.Call(session.Client.Save);
        context.Write(new CommandResult()
            .Add("target", session.Target.ToString())
            .Add("profile", session.Hello.Profile)
            .Add("serial", session.Hello.Serial)
            .Add("arch", string.Join('-', sizes))
            .Add("algo", LearnSettings.AlgorithmName(algorithm))
            .Add("seed", settings.Seed)
            .Add("parameters", configured.ParameterCount)
            .Add("state_bytes", configured.StateBytes)
            .Add("generation", saved.Generation)
            .Add("image_bytes", saved.ImageBytes)
            .Add("k", settings.Directions)
            .Add("groups", settings.Groups)
            .Add("sigma", settings.Sigma)
            .Add("lr_hidden", settings.HiddenLearningRate)
            .Add("lr_output", settings.OutputLearningRate)
            .Add("batch", settings.BatchSize)
            .Add("active_only", settings.ActiveOnly)
            .Add("central", settings.CentralDifferences));
        return 0;
    }

    /// <summary>bench learn's defaults for the data set and algorithm, overridden by the options given.</summary>
    private static LearnSettings Settings(ParsedOptions o, Algorithm algorithm, int[] sizes)
    {
        LearnSettings s = LearnerOptions.Apply(o, LearnDefaults.For(o.GetString("data"), algorithm)) with
        {
            Hidden = sizes[1..^1],
            Seed = (ulong)o.GetLong("seed"),
        };
        if (o.GetLong("seed") < 0) throw new UsageException("--seed must be 0 or more");
        if (s.Directions is < 1 or > ModelConfig.MaxDirections) throw new UsageException("--k must be 1..64");
        if (s.Groups is < 1 or > ModelConfig.MaxWidth) throw new UsageException("--groups must be 1..1024");
        if (s.BatchSize is < 1 or > ModelConfig.MaxBatch) throw new UsageException("--batch must be 1..65535");
        if (!(s.Sigma > 0) || s.Sigma > 256) throw new UsageException("--sigma must be in (0, 256]");
        if (!(s.HiddenLearningRate >= 0) || !(s.OutputLearningRate >= 0) || s.HiddenLearningRate > 256 || s.OutputLearningRate > 256)
            throw new UsageException("learning rates must be in [0, 256]");
        return s;
    }

    /// <summary>"64-32-10" → [64, 32, 10]: 2..5 sizes, each 1..1024.</summary>
    public static int[] ParseArch(string text)
    {
        string[] parts = text.Split('-', StringSplitOptions.TrimEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1 || sizes[i] > ModelConfig.MaxWidth)
                throw new UsageException($"bad --arch '{text}': sizes are numbers 1..1024 joined by '-', input first (e.g. 64-32-10)");
        }
        if (sizes.Length < 2 || sizes.Length > ModelConfig.MaxLayers + 1)
            throw new UsageException($"bad --arch '{text}': 2 to {ModelConfig.MaxLayers + 1} sizes (input, hidden..., output)");
        if (sizes[^1] < 2) throw new UsageException($"bad --arch '{text}': at least 2 outputs");
        return sizes;
    }
}
