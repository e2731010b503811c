using Edge.Boards.Profiles;

namespace Edge.Tests.Boards;

/// <summary>Finds the shipped profiles and builds small profiles in code for the tests.</summary>
internal static class BoardTestProfiles
{
    /// <summary>The repository's boards/ folder (the source files, not the copies in bin/).</summary>
    public static string SourceFolder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Edge.sln"))) return Path.Combine(dir.FullName, "boards");
            throw new InvalidOperationException("Edge.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static BoardProfile Shipped(string name) => BoardProfileLoader.Load(Path.Combine(SourceFolder, name + ".json"));

    /// <summary>A perfect converter: no spread, no noise, no nonlinearity.</summary>
    public static BoardProfile Ideal(int channels = 8, int bits = 12, double noiseLsb = 0) => new(
        Name: "ideal",
        Description: "test",
        Kind: BoardKind.Simulated,
        Inputs: new InputProfile(channels, bits, VrefMv: 3300, VrefSpreadMv: 0, AttenuationDb: 0, noiseLsb,
            GainSpread: 0, OffsetSpreadLsb: 0, InlLsb: 0, NonlinearityProfile.Straight, Clip: true),
        AnalogNeurons: null, Ageing: null, EndOfLifeOps: null, Pins: null, SourceName: "ideal");
}
