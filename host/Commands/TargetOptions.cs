using Edge.Host.Boards;
using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Stimuli;
using Edge.Host.Targets;

namespace Edge.Host.Commands;

/// <summary>Arguments and options the board commands (flash, train, eval, weights...) share, and their plumbing.</summary>
internal static class TargetOptions
{
    public static readonly ArgumentSpec Target = ArgumentSpec.Required("TARGET", Targets.Target.Forms);

    public static readonly OptionSpec FlashDir = OptionSpec.Value("flash-dir", "DIR",
        "sim: targets: folder of the board's flash and wear (default $EDGE_HOME/boards/<profile>-<serial>, EDGE_HOME defaults to ~/.edge)");

    public static readonly OptionSpec Data = OptionSpec.Value("data", "D", "digits, fashion14 or csv:PATH", "digits");

    public static readonly OptionSpec DataDir = OptionSpec.Value("data-dir", "DIR", "folder of the Fashion-MNIST IDX files");

    public static readonly OptionSpec Timeout = OptionSpec.Value("timeout", "SECONDS", "how long to wait for each answer of the board", "5");

    /// <summary>Connects to the command's TARGET with its --flash-dir and --timeout.</summary>
    public static BoardSession Open(CommandContext context)
    {
        var o = context.Options;
        double seconds = o.GetDouble("timeout");
        if (!(seconds > 0) || seconds > 3600) throw new UsageException("--timeout must be in (0, 3600] seconds");
        BoardSession session = BoardSession.Open(o.Argument("TARGET")!, o.GetStringOrNull("flash-dir"), TimeSpan.FromSeconds(seconds), MqttOptions.Login(o));
        session.Warn = context.Warn;
        return session;
    }

    public static Dataset LoadData(CommandContext context) =>
        DataSources.Load(context.Options.GetString("data"), context.Options.GetStringOrNull("data-dir"));

    /// <summary>The stimulus encoder for this board and data set; sets the client's compact stimulus step.</summary>
    public static StimulusEncoder Encoder(BoardSession session, Dataset data)
    {
        var encoder = new StimulusEncoder(session.Hello.ChannelCount, data.FeatureCount, session.NominalFullScaleMicrovolts);
        session.Client.StimulusStepMicrovolts = encoder.StepMicrovolts;
        return encoder;
    }

    /// <summary>The board's model must be able to answer every class of the data set.</summary>
    public static void CheckClasses(BoardSession session, Device.DeviceModelInfo model, Dataset data)
    {
        if (data.ClassCount > model.Config.OutputCount)
            throw new CliException($"the data set has {data.ClassCount} classes but the model on {session.Target} has only {model.Config.OutputCount} outputs");
    }

    public static string Arch(Core.Storage.ModelConfig config) => string.Join('-', config.CopySizes());
}
