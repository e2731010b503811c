using Edge.Core.Storage;
using Edge.Host.Boards;
using Edge.Host.Cli;
using Edge.Host.Device;
using Edge.Host.Files;

namespace Edge.Host.Commands;

/// <summary>`edge weights get`: the board's weights and biases (Q3.12) into a <see cref="WeightsFile"/>.</summary>
public sealed class WeightsGetCommand : Command
{
    public override string Name => "weights get";
    public override string Summary => "read a board's weights into a file";
    public override string Description =>
        "Writes the model's int16 Q3.12 weights and biases as a model image, the format the board keeps in flash: " +
        "with the model's settings, the board's serial, generation and samples seen, a note and a CRC-32 " +
        "(format: shared/Storage/ModelImage.cs, docs/mortality.md).";

    public override IReadOnlyList<ArgumentSpec> Arguments => [TargetOptions.Target];

    public override IReadOnlyList<OptionSpec> Options =>
    [
        OptionSpec.Value("out", "FILE", "the weights file to write (written whole or not at all; only a regular file is replaced, a symlink is followed)"),
        TargetOptions.FlashDir,
        TargetOptions.Timeout,
        .. MqttOptions.Specs,
    ];

    public override int Run(CommandContext context)
    {
        string path = context.Options.GetString("out");
        OutputFile.Check(path);
        using BoardSession session = TargetOptions.Open(context);
        DeviceModelInfo model = session.RequireModel();
        int exponents = 0;
        short[] weights = session.Call(() => session.Client.GetWeights(out exponents));
        var image = new ModelImageHeader { Serial = session.Hello.Serial, Generation = model.Generation, SamplesSeen = model.SamplesSeen };
        image.Config.CopyFrom(model.Config);
        if (!WeightExponents.Unpack(exponents, image.Config.LayerCount, image.WeightExponents))
            throw new CliException($"board {session.Target} reports weight exponents 0x{exponents:X4}, out of range: nothing was written");
        var file = WeightsFile.Of(image, weights, $"{session.Hello.Profile}#{session.Hello.Serial} {model.AlgorithmName} samples_seen={model.SamplesSeen}");
        file.Save(path);
        context.Write(new CommandResult()
            .Add("target", session.Target.ToString())
            .Add("file", Path.GetFullPath(path))
            .Add("arch", file.Architecture)
            .Add("weights", weights.Length)
            .Add("samples_seen", model.SamplesSeen));
        return 0;
    }
}
