using System.Text.Json.Nodes;
using Edge.Boards.Profiles;
using Xunit;

namespace Edge.Tests.Boards;

public class BoardProfileLoaderTests
{
    private const string Source = "boards/test-profile.json";

    [Fact]
    public void EveryShippedProfileLoads()
    {
        string[] files = Directory.GetFiles(BoardTestProfiles.SourceFolder, "*.json");
        Assert.True(files.Length >= 6, $"expected at least 6 profiles, found {files.Length}");
        foreach (string file in files)
        {
            BoardProfile profile = BoardProfileLoader.Load(file);
            Assert.Equal(Path.GetFileNameWithoutExtension(file), profile.Name);
            Assert.Equal(file, profile.SourceName);
        }
    }

    [Fact]
    public void ProfilesAreCopiedNextToTheBinaries()
    {
        string copied = Path.Combine(AppContext.BaseDirectory, "boards");
        foreach (string file in Directory.GetFiles(BoardTestProfiles.SourceFolder, "*.json"))
            Assert.Equal(File.ReadAllText(file), File.ReadAllText(Path.Combine(copied, Path.GetFileName(file))));
    }

    [Fact]
    public void ShippedProfilesCarryTheirNumbers()
    {
        BoardProfile digits = BoardTestProfiles.Shipped("sim-digits");
        Assert.Equal(64, digits.Inputs.Channels);
        Assert.Equal(NonlinearityKind.CompressHigh, digits.Inputs.Nonlinearity.Kind);
        Assert.Null(digits.AnalogNeurons);
        Assert.Equal(196, BoardTestProfiles.Shipped("sim-fashion").Inputs.Channels);
        Assert.Equal(0.3, BoardTestProfiles.Shipped("sim-analog-neurons").AnalogNeurons!.SlopeSpread);

        BoardProfile esp32 = BoardTestProfiles.Shipped("esp32-devkitc");
        Assert.Equal(BoardKind.NanoFrameworkEsp32, esp32.Kind);
        Assert.Equal(2880, esp32.Inputs.Nonlinearity.KneeCode);
        Assert.InRange(esp32.Inputs.FullScaleMv, 3890, 3910); // 1100 mV × 10^(11/20)

        BoardProfile mcp = BoardTestProfiles.Shipped("rpi-mcp3008");
        Assert.Equal(8, mcp.Pins!.ChipSelects!.Length);
        Assert.Equal(new[] { 0x48, 0x49, 0x4A, 0x4B }, BoardTestProfiles.Shipped("rpi-ads1115").Pins!.I2cAddresses);
    }

    public static TheoryData<string, string> BadProfiles() => new()
    {
        // mutation, expected key path
        { "root.colour=\"red\"", "colour" },
        { "inputs.noise_sigma=1", "inputs.noise_sigma" },
        { "inputs.nonlinearity.bow_lsb=3", "inputs.nonlinearity.bow_lsb" },
        { "inputs.channels=\"64\"", "inputs.channels" },
        { "inputs.channels=64.5", "inputs.channels" },
        { "inputs.clip=1", "inputs.clip" },
        { "inputs.vref_mv=null", "inputs.vref_mv" },
        { "root.inputs=[]", "inputs" },
        { "-inputs.adc_bits", "inputs.adc_bits" },
        { "-root.name", "name" },
        { "-inputs.nonlinearity.knee_code", "inputs.nonlinearity.knee_code" },
        { "inputs.noise_lsb=-1", "inputs.noise_lsb" },
        { "inputs.adc_bits=40", "inputs.adc_bits" },
        { "inputs.nonlinearity.knee_code=5000", "inputs.nonlinearity.knee_code" },
        { "inputs.gain_spread=0.9", "inputs.gain_spread" },
        { "root.kind=\"arduino\"", "kind" },
        { "root.end_of_life_ops=0", "end_of_life_ops" },
        { "root.analog_neurons={\"slope_spread\":0.3,\"threshold_spread\":0.3,\"shape\":\"sigmoid\"}", "analog_neurons.shape" },
        { "root.ageing={\"gain_drift_per_million_ops\":0.01,\"rate\":1}", "ageing.rate" },
        { "root.pins={\"i2c_addresses\":[72,200]}", "pins.i2c_addresses[1]" },
        { "root.pins={\"chip_selects\":[0,1,1]}", "pins.chip_selects[2]" },
        { "root.kind=\"linux-ads1115\"", "pins.i2c_bus" },
    };

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public void BadProfileIsRejectedNamingKeyAndFile(string mutation, string expectedKey)
    {
        string json = Mutate(File.ReadAllText(Path.Combine(BoardTestProfiles.SourceFolder, "sim-digits.json")), mutation);
        var error = Assert.Throws<BoardProfileException>(() => BoardProfileLoader.Parse(json, Source));
        Assert.Equal(expectedKey, error.KeyPath);
        Assert.Equal(Source, error.SourceName);
        Assert.StartsWith(Source + ": " + expectedKey + ": ", error.Message);
    }

    [Fact]
    public void WiringMustMatchTheChannelCount()
    {
        JsonNode mcp = JsonNode.Parse(File.ReadAllText(Path.Combine(BoardTestProfiles.SourceFolder, "rpi-mcp3008.json")))!;
        mcp["pins"]!["chip_selects"] = new JsonArray(0, 1, 2, 3, 4, 5, 6);
        var error = Assert.Throws<BoardProfileException>(() => BoardProfileLoader.Parse(mcp.ToJsonString(), Source));
        Assert.Equal("inputs.channels", error.KeyPath);
        Assert.Contains("56", error.Message);
    }

    [Fact]
    public void DuplicateKeyIsRejected()
    {
        const string json = "{\"name\":\"a\",\"name\":\"b\"}";
        var error = Assert.Throws<BoardProfileException>(() => BoardProfileLoader.Parse(json, Source));
        Assert.Equal("name", error.KeyPath);
        Assert.Contains("duplicate", error.Message);
    }

    [Theory]
    [InlineData("{\"name\": \"x\", \"inputs\": {\"channels\": }}", "inputs.channels")]
    [InlineData("{\"name\": \"x\",}", "")]
    [InlineData("", "")]
    [InlineData("{\"name\": \"x\"} trailing", "")]
    public void MalformedJsonIsRejectedNamingFileAndPosition(string json, string expectedPathPrefix)
    {
        var error = Assert.Throws<BoardProfileException>(() => BoardProfileLoader.Parse(json, Source));
        Assert.StartsWith(Source + ": ", error.Message);
        Assert.Contains("malformed JSON at line 1", error.Message);
        Assert.StartsWith(expectedPathPrefix, error.KeyPath);
        Assert.DoesNotContain("LineNumber", error.Message);
    }

    [Fact]
    public void MessagesReadWell()
    {
        string json = File.ReadAllText(Path.Combine(BoardTestProfiles.SourceFolder, "sim-digits.json")).Replace("\"noise_lsb\": 1.5", "\"noise_lsb\": -1");
        var error = Assert.Throws<BoardProfileException>(() => BoardProfileLoader.Parse(json, Source));
        Assert.Equal(Source + ": inputs.noise_lsb: must be a number in [0, 1024], got -1", error.Message);
        error = Assert.Throws<BoardProfileException>(() => BoardProfileLoader.Parse("{\"name\": \"x\", \"inputs\": {\"channels\": }}", Source));
        Assert.Equal(Source + ": inputs.channels: malformed JSON at line 1, byte 38: '}' is an invalid start of a value.", error.Message);
    }

    [Fact]
    public void LoadNamesTheFileOnDisk()
    {
        string dir = Directory.CreateTempSubdirectory("edge-boards-").FullName;
        try
        {
            string path = Path.Combine(dir, "broken.json");
            File.WriteAllText(path, "{\"name\": 3}");
            var error = Assert.Throws<BoardProfileException>(() => BoardProfileLoader.Load(path));
            Assert.StartsWith(path + ": name: must be a string", error.Message);

            var missing = Assert.Throws<BoardProfileException>(() => BoardProfileLoader.Load(Path.Combine(dir, "absent.json")));
            Assert.Contains("absent.json", missing.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>"a.b=json" sets a key ("root." = top level), "-a.b" removes it.</summary>
    private static string Mutate(string json, string mutation)
    {
        JsonNode root = JsonNode.Parse(json)!;
        bool remove = mutation.StartsWith('-');
        string spec = remove ? mutation[1..] : mutation;
        int equals = spec.IndexOf('=');
        string path = remove ? spec : spec[..equals];
        string[] keys = path.Split('.');
        JsonObject parent = root.AsObject();
        int start = keys[0] == "root" ? 1 : 0;
        for (int i = start; i < keys.Length - 1; i++) parent = parent[keys[i]]!.AsObject();
        string last = keys[^1];
        if (remove) Assert.True(parent.Remove(last));
        else parent[last] = JsonNode.Parse(spec[(equals + 1)..]);
        return root.ToJsonString();
    }
}

public class BoardsInfoTests
{
    [Fact]
    public void ProfilesResolveByNameOrPath()
    {
        string? byName = Edge.Boards.ProfileFolders.ResolveProfilePath("sim-digits");
        Assert.NotNull(byName);
        Assert.Equal("sim-digits", BoardProfileLoader.Load(byName!).Name);
        Assert.Equal(byName, Edge.Boards.ProfileFolders.ResolveProfilePath("boards/sim-digits.json"));
        string source = Path.Combine(BoardTestProfiles.SourceFolder, "rpi-mcp3008.json");
        Assert.Equal(source, Edge.Boards.ProfileFolders.ResolveProfilePath(source));
        Assert.Null(Edge.Boards.ProfileFolders.ResolveProfilePath("no-such-board"));
    }
}
