using Edge.Host.Boards;
using Edge.Host.Cli;
using Edge.Host.Device;

namespace Edge.Host.Commands;

/// <summary>`edge weights put`: a <see cref="WeightsFile"/> onto a board whose model has the same architecture, then SAVE.</summary>
public sealed class WeightsPutCommand : Command
{
    public override string Name => "weights put";
    public override string Summary => "write a weights file onto a board";
    public override string Description =>
        "Checks the file (a model image, or an earlier edge's EDGW weights file: magic, version, sizes, length, CRC-32), " +
        "checks that the board's model has the same architecture (flash it first with `edge flash TARGET --arch ...`), " +
        "replaces its weights and saves the model. Only the weights go onto the board: its own settings stay.";

    public override IReadOnlyList<ArgumentSpec> Arguments => [TargetOptions.Target, ArgumentSpec.Required("FILE", "the weights file to put")];

    public override IReadOnlyList<OptionSpec> Options => [TargetOptions.FlashDir, TargetOptions.Timeout, .. MqttOptions.Specs];

    public override int Run(CommandContext context)
    {
        string path = context.Options.Argument("FILE")!;
        WeightsFile file = WeightsFile.Load(path);
        using BoardSession session = TargetOptions.Open(context);
        DeviceModelInfo model = session.RequireModel();
        string boardArch = TargetOptions.Arch(model.Config);
        if (boardArch != file.Architecture)
            throw new CliException($"{path} holds a {file.Architecture} model but board {session.Target} has {boardArch}: flash it with --arch {file.Architecture} first");
        session.Call(() => session.Client.PutWeights(file.Weights, file.WeightExponents));
        SaveResult saved = session.Call(session.Client.Save);
        context.Write(new CommandResult()
            .Add("target", session.Target.ToString())
            .Add("file", Path.GetFullPath(path))
            .Add("arch", file.Architecture)
            .Add("weights", file.Weights.Length)
            .Add("note", file.Note)
            .Add("generation", saved.Generation));
        return 0;
    }
}
