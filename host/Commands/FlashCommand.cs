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
        "settings default to those `edge bench learn` uses for the architecture (the same for every data set), " +
        "so flash + train matches bench learn with the same seed; `edge train` runs the learning-rate schedule.";

    public override IReadOnlyList<ArgumentSpec> Arguments => [TargetOptions.Target];

    public override IReadOnlyList<OptionSpec> Options =>
    [
        OptionSpec.Value("arch", "I-H-...-O", "layer sizes, input first; the input must be the board's channel count (e.g. 64-32-10; default: bench learn's for --data, its features, the default hidden width and its classes)"),
        OptionSpec.Value("algo", "A", "ap, ap-local, wp or readout", "ap"),
        OptionSpec.Value("seed", "S", "seed of the initial weights and of the learner's perturbations", "1"),
        OptionSpec.Value("data", "D", "the data set the model will learn (digits, fashion14 or csv:PATH): its size sets the learning rate; checked against --arch when given", "digits"),
        TargetOptions.DataDir,
        .. LearnerOptions.Specs,
        OptionSpec.Value("board", "PROFILE", "with a serial: target, flash the device program first with nanoff (e.g. esp32-devkitc)"),
        OptionSpec.Value("image", "FILE", "with --board: the nanoFramework application image to deploy", "firmware/nanoFramework/bin/Release/Edge.Esp32.bin"),
        OptionSpec.Value("nanoff-target", "T", "with --board: nanoff's --target (default from the profile, e.g. ESP32_REV0)"),
        OptionSpec.Value("baud", "N", "with --board: nanoff's --baud"),
        TargetOptions.FlashDir,
        TargetOptions.Timeout,
        .. MqttOptions.Specs,
    ];

    public override int Run(CommandContext context)
    {
        var o = context.Options;
        if (o.GetStringOrNull("board") is { } boardProfile) return FlashFirmware(context, boardProfile);
        string algoName = o.GetString("algo");
        byte algorithm = LearnSettings.ParseAlgorithm(algoName) is { } a && a != LearningAlgorithm.Backprop
            ? a
            : throw new UsageException($"unknown algorithm '{algoName}' for a board: use ap, ap-local, wp or readout");
        Data.Dataset data = TargetOptions.LoadData(context);
        int[] sizes = o.GetStringOrNull("arch") is { } arch ? ParseArch(arch) : DefaultArch(data);
        if (o.IsGiven("data") && (data.FeatureCount != sizes[0] || data.ClassCount != sizes[^1]))
            throw new UsageException($"--arch {string.Join('-', sizes)} does not fit {data.Name}: it has {data.FeatureCount} features and {data.ClassCount} classes");
        LearnSettings settings = Settings(o, algorithm, sizes, data.TrainCount);
        var config = new ModelConfig { InitSeed = settings.Seed };
        config.SetSizes(sizes);
        config.Learner.CopyFrom(settings.CoreSettings());
        // the one validator, the firmware's own: checked here before a board is opened
        if (config.Validate() is { } problem) throw new UsageException(OptionOf(problem) + problem);

        using BoardSession session = TargetOptions.Open(context);
        if (sizes[0] != session.Hello.ChannelCount)
            throw new CliException($"--arch {string.Join('-', sizes)} has {sizes[0]} inputs but board {session.Target} has {session.Hello.ChannelCount} channels (use {session.Hello.ChannelCount}-...)");

        ConfigureResult configured = session.Call(() => session.Client.Configure(config));
        SaveResult saved = session.Call(session.Client.Save);
        session.Note(new Fleet.BoardNote { Model = $"{string.Join('-', sizes)} {LearnSettings.AlgorithmName(algorithm)}, untrained" });
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
            .Add("k", settings.Learner.Directions)
            .Add("groups", settings.Learner.Groups)
            .Add("sigma", LearnerOptions.Real(settings.Learner.SigmaQ16))
            .Add("lr_hidden", LearnerOptions.Real(settings.Learner.HiddenLearningRateQ16))
            .Add("lr_output", LearnerOptions.Real(settings.Learner.OutputLearningRateQ16))
            .Add("batch", settings.Learner.BatchSize)
            .Add("active_only", settings.Learner.ActiveOnly)
            .Add("central", settings.Learner.CentralDifferences)
            .Add("extra_bits", settings.Learner.ExtraWeightBits)
            .Add("step_control", settings.Learner.StepControl)
            .Add("centred_steps", settings.Learner.CentredSteps));
        return 0;
    }

    /// <summary>
    /// `edge flash serial:/dev/ttyUSB0 --board esp32-devkitc`: nanoff updates nanoCLR and deploys the application image,
    /// its output streamed; then the board must answer HELLO over the protocol.
    /// </summary>
    private static int FlashFirmware(CommandContext context, string boardProfile)
    {
        var o = context.Options;
        if (Targets.Target.Parse(o.Argument("TARGET")!) is not Targets.SerialTarget serial)
            throw new UsageException("--board flashes a device over its serial port: use a serial:/dev/ttyX target");
        var profile = Targets.TargetConnector.LoadProfile(boardProfile);
        string target;
        try { target = o.GetStringOrNull("nanoff-target") ?? Flashing.NanoffFlasher.DefaultTarget(profile); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        int? baud = o.IsGiven("baud") ? o.GetInt("baud") : null;
        var request = new Flashing.NanoffRequest(target, serial.Device, o.GetString("image"), baud);
        int code;
        try
        {
            code = new Flashing.NanoffFlasher().Flash(request, line => { lock (context.Error) context.Error.WriteLine("nanoff: " + line); }, context.Cancellation);
        }
        catch (Exception e) when (e is Flashing.NanoffNotInstalledException or FileNotFoundException)
        {
            throw new CliException(e.Message, inner: e);
        }
        if (code != 0) throw new CliException($"nanoff failed (exit code {code}) flashing {serial.Device}");
        using BoardSession session = TargetOptions.Open(context);
        context.Write(new CommandResult()
            .Add("target", session.Target.ToString())
            .Add("board", profile.Name)
            .Add("nanoff_target", target)
            .Add("firmware_version", session.Hello.FirmwareVersion)
            .Add("profile", session.Hello.Profile));
        return 0;
    }

    /// <summary>The option a problem of <see cref="ModelConfig.Validate"/> comes from, so the one line names it.</summary>
    private static string OptionOf(string problem) => problem.Split(' ')[0] switch
    {
        "directions" => "--k: ",
        "groups" => "--groups: ",
        "batch" => "--batch: ",
        "sigma" => "--sigma: ",
        "learning" => "--lr-hidden/--lr-output: ",
        "extra" or "weight" => "--extra-bits: ",
        _ => "bad model: ",
    };

    /// <summary>bench learn's defaults for the data set and algorithm, overridden by the options given.</summary>
    private static LearnSettings Settings(ParsedOptions o, byte algorithm, int[] sizes, int trainSamples)
    {
        var shape = new DataShape(sizes[0], sizes[^1], trainSamples);
        LearnSettings s = LearnerOptions.Apply(o, LearnDefaults.For(algorithm, shape, sizes[1..^1])) with
        {
            Seed = (ulong)o.GetLong("seed"),
        };
        if (o.GetLong("seed") < 0) throw new UsageException("--seed must be 0 or more");
        return s;
    }

    /// <summary>The layer sizes `edge bench learn --data D` trains without --hidden: D's features, the default hidden width, D's classes.</summary>
    public static int[] DefaultArch(Data.Dataset data) => LearnBenchmark.Sizes(data, LearnDefaults.Hidden(DataShape.Of(data)));

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
