using Edge.Boards.Linux;
using Edge.Boards.Profiles;
using Edge.Boards.Simulated;
using Edge.Host.Data;
using Edge.Tests.Boards;
using Edge.Tests.Data;
using Xunit.Abstractions;
using LinuxBoardFactory = Edge.Boards.Linux.LinuxBoards;

namespace Edge.Tests.LinuxBoards;

/// <summary>A fact that runs only when EDGE_MEASURE=1: measurements too long for the unit suite.</summary>
public sealed class MeasurementFactAttribute : FactAttribute
{
    public MeasurementFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("EDGE_MEASURE") != "1") Skip = "measurement: run with EDGE_MEASURE=1";
    }
}

/// <summary>
/// The bar: a full `edge train`-like digits run (64-32-10 AP, LearnDefaults, 60 epochs) through the drivers and
/// 8 emulated MCP3008 chips lands within 1 point of the same run on simulated boards.
/// </summary>
public class EmulatedBoardMeasurement(ITestOutputHelper output)
{
    [MeasurementFact]
    public void EmulatedMcp3008AgainstSimulatedBoards()
    {
        Dataset data = Digits.Load();
        const int epochs = 60;
        var results = new List<(string Name, ulong Seed, double Final, double Best, double LastFive, double Seconds)>();
        foreach (ulong seed in new ulong[] { 1, 2, 3 })
        {
            var mcp = BoardTestProfiles.Shipped("rpi-mcp3008");
            using (var dir = new TempDirectory())
            using (LinuxAdcBoard board = LinuxBoardFactory.Open(mcp, dir.Path, emulate: true, serial: (uint)seed))
                results.Add(Run("emulated rpi-mcp3008 (drivers + 8 emulated MCP3008)", board, mcp, seed));
            using (SimulatedBoard board = SimulatedBoard.InMemory(mcp, (uint)seed))
                results.Add(Run("simulated rpi-mcp3008", board, mcp, seed));
            var sim = BoardTestProfiles.Shipped("sim-digits");
            using (SimulatedBoard board = SimulatedBoard.InMemory(sim, (uint)seed))
                results.Add(Run("simulated sim-digits", board, sim, seed));
        }
        foreach (var group in results.GroupBy(r => r.Name))
            output.WriteLine($"{group.Key}: final {string.Join(" / ", group.Select(r => r.Final.ToString("F1")))} % (mean {group.Average(r => r.Final):F2}), " +
                             $"best {group.Average(r => r.Best):F2}, mean of the last 5 epochs {group.Average(r => r.LastFive):F2}, {group.Average(r => r.Seconds):F1} s per run");

        (string Name, ulong Seed, double Final, double Best, double LastFive, double Seconds) Run(string name, Edge.Core.Hardware.IBoard board, BoardProfile profile, ulong seed)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var (_, client) = DigitsOnBoard.Connect(board);
            double[] curve = DigitsOnBoard.Train(client, data, profile.Inputs.FullScaleMv, epochs, seed);
            double lastFive = curve[^5..].Average();
            output.WriteLine($"{name} seed {seed}: final {curve[^1]:F1} %, best {curve.Max():F1} %, last 5 epochs {lastFive:F2} %");
            return (name, seed, curve[^1], curve.Max(), lastFive, watch.Elapsed.TotalSeconds);
        }
    }
}
