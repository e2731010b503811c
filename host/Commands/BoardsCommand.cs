using System.IO.Ports;
using Edge.Boards;
using Edge.Boards.Profiles;
using Edge.Host.Boards;
using Edge.Host.Cli;
using Edge.Host.Device;
using Edge.Host.Targets;

namespace Edge.Host.Commands;

/// <summary>`edge boards`: the board profiles this edge knows and the serial ports present; with TARGET, what that board says about itself.</summary>
public sealed class BoardsCommand : Command
{
    public override string Name => "boards";
    public override string Summary => "list the board profiles and serial ports, or describe a board";
    public override string Description =>
        "Without TARGET: the profiles in boards/ (here and next to edge) and the serial ports of this machine. " +
        "With TARGET: the board's identity, wear and model (HELLO and INFO).";

    public override IReadOnlyList<ArgumentSpec> Arguments => [ArgumentSpec.Optional("TARGET", Target.Forms)];

    public override IReadOnlyList<OptionSpec> Options => [TargetOptions.FlashDir, TargetOptions.Timeout, .. MqttOptions.Specs];

    public override int Run(CommandContext context)
    {
        if (context.Options.Argument("TARGET") != null) return Describe(context);
        var profiles = new ResultTable("name", "kind", "channels", "adc_bits", "full_scale_mv", "noise_lsb", "gain_spread", "offset_spread_lsb",
                                       "analog_neurons", "end_of_life_ops", "file");
        foreach (string path in ProfilePaths())
        {
            try
            {
                BoardProfile p = BoardProfileLoader.Load(path);
                profiles.AddRow(p.Name, p.Kind.ToString(), p.Inputs.Channels, p.Inputs.AdcBits, Math.Round(p.Inputs.FullScaleMv, 1),
                    p.Inputs.NoiseLsb, p.Inputs.GainSpread, p.Inputs.OffsetSpreadLsb, p.AnalogNeurons != null, p.EndOfLifeOps, path);
            }
            catch (BoardProfileException e)
            {
                context.Warn(e.Message);
            }
        }
        string[] ports;
        try
        {
            ports = SerialPort.GetPortNames().Order(StringComparer.Ordinal).ToArray();
        }
        catch (Exception e) when (e is PlatformNotSupportedException or IOException or UnauthorizedAccessException)
        {
            ports = [];
        }
        context.Write(new CommandResult()
            .Add("profiles", profiles)
            .Add("serial_ports", ports));
        return 0;
    }

    /// <summary>Profile files under ./boards and next to the edge binaries, the first of each name winning.</summary>
    private static IEnumerable<string> ProfilePaths()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string root in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            string folder = Path.Combine(root, ProfileFolders.ProfileFolder);
            if (!Directory.Exists(folder)) continue;
            foreach (string file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
                if (seen.Add(Path.GetFileName(file))) yield return Path.GetFullPath(file);
        }
    }

    private static int Describe(CommandContext context)
    {
        using BoardSession session = TargetOptions.Open(context);
        DeviceInfo info = session.ReadInfo();
        var result = new CommandResult()
            .Add("target", session.Target.ToString())
            .Add("profile", info.Identity.Profile)
            .Add("serial", info.Identity.Serial)
            .Add("channels", info.Identity.ChannelCount)
            .Add("adc_bits", info.Identity.AdcBits)
            .Add("firmware_version", info.Identity.FirmwareVersion)
            .Add("protocol_version", info.Identity.ProtocolVersion)
            .Add("operations_since_boot", info.Operations);
        if (session.Connection.SimulatedBoard is { } board)
        {
            result.Add("operations_used", board.OperationsUsed)
                  .Add("operations_left", board.OperationsLeft)
                  .Add("flash_dir", board.FlashDirectory);
        }
        if (info.Model is { } model)
        {
            result.Add("model", new CommandResult()
                .Add("arch", TargetOptions.Arch(model.Config))
                .Add("algo", model.AlgorithmName)
                .Add("samples_seen", model.SamplesSeen)
                .Add("state_bytes", model.StateBytes)
                .Add("generation", model.Generation));
        }
        else result.Add("model", null);
        result.Add("damaged_images", info.DamagedSlots);
        if (info.Model == null && info.DamagedSlots > 0) context.Warn(session.NoModel(info).Message);
        context.Write(result);
        return 0;
    }
}
