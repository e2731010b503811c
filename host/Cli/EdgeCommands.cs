using Edge.Host.Commands;

namespace Edge.Host.Cli;

/// <summary>
/// Every command of the edge tool, in the order <c>edge --help</c> lists them. A new command is added here
/// (a test checks that no <see cref="ICommand"/> class of the assembly is left out).
/// </summary>
public static class EdgeCommands
{
    public static IReadOnlyList<ICommand> All() =>
    [
        new DemoCommand(),
        new BoardRunCommand(),
        new BoardsCommand(),
        new FlashCommand(),
        new TrainCommand(),
        new EvalCommand(),
        new WeightsGetCommand(),
        new WeightsPutCommand(),
        new TeachCommand(),
        new DistillCommand(),
        new TransferCommand(),
        new FleetListCommand(),
        new FleetFlashCommand(),
        new FleetTrainCommand(),
        new FleetRetireCommand(),
        new FleetWatchCommand(),
        new BenchLearnCommand(),
        new BenchKernelsCommand(),
        new BenchStepCommand(),
        new BenchSeedCommand(),
        new DataExportCommand(),
    ];
}
