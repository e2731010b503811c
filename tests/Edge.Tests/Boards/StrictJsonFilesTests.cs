using System.Text.Json.Nodes;
using Edge.Boards.Profiles;
using Edge.Boards.Simulated;
using Edge.Tests.Data;
using Xunit;

namespace Edge.Tests.Boards;

/// <summary>Board profiles and board state files are read by System.Text.Json with strict options: each
/// unknown key, duplicate key or wrong type is one message naming the file and the key.</summary>
public class StrictJsonFilesTests
{
    private const string Source = "boards/test.json";

    private static string Digits() => File.ReadAllText(Path.Combine(BoardTestProfiles.SourceFolder, "sim-digits.json"));

    [Theory]
    [InlineData("\"clip\": true", "\"clip\": true, \"clipp\": true", "inputs.clipp: unknown key")]
    [InlineData("\"clip\": true", "\"clip\": true, \"clip\": false", "inputs.clip: duplicate key")]
    [InlineData("\"clip\": true", "\"clip\": \"yes\"", "inputs.clip: must be true or false")]
    [InlineData("\"noise_lsb\": 1.5", "\"noise_lsb\": \"1.5\"", "inputs.noise_lsb: must be a number")]
    [InlineData("\"noise_lsb\": 1.5", "\"noise_lsb\": null", "inputs.noise_lsb: must be a number")]
    public void AProfileMistakeNamesTheFileAndTheKey(string from, string to, string expected)
    {
        string json = Digits();
        Assert.Contains(from, json);
        var error = Assert.Throws<BoardProfileException>(() => BoardProfileLoader.Parse(json.Replace(from, to), Source));
        Assert.StartsWith(Source + ": " + expected, error.Message);
        Assert.DoesNotContain("Edge.Boards", error.Message); // no .NET type names in a message for people
    }

    [Fact]
    public void ATopLevelDuplicateIsCaughtBeforeAnyValueIsTrusted()
    {
        JsonNode profile = JsonNode.Parse(Digits())!;
        string json = profile.ToJsonString().Replace("\"name\":", "\"name\":\"first\",\"name\":");
        var error = Assert.Throws<BoardProfileException>(() => BoardProfileLoader.Parse(json, Source));
        Assert.Equal("name", error.KeyPath);
        Assert.Contains("duplicate key", error.Message);
    }

    [Theory]
    [InlineData("{\"format\":1,\"profile\":\"sim-digits\",\"serial\":3,\"operations_used\":5,\"colour\":1}", "colour: unknown key")]
    [InlineData("{\"format\":1,\"profile\":\"sim-digits\",\"serial\":3,\"serial\":4,\"operations_used\":5}", "serial: duplicate key")]
    [InlineData("{\"format\":1,\"profile\":\"sim-digits\",\"serial\":\"3\",\"operations_used\":5}", "serial: must be an integer")]
    [InlineData("{\"format\":1,\"profile\":\"sim-digits\",\"serial\":-3,\"operations_used\":5}", "serial: must be an integer")]
    [InlineData("{\"format\":1,\"profile\":\"sim-digits\",\"serial\":3}", "operations_used: missing required key")]
    [InlineData("{\"format\":2,\"profile\":\"sim-digits\",\"serial\":3,\"operations_used\":5}", "format 2 is not supported")]
    public void AStateFileMistakeNamesTheFileAndTheKey(string json, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.Write(BoardStateFile.FileName, json);
        var error = Assert.Throws<InvalidDataException>(() => BoardStateFile.Read(dir.Path));
        Assert.StartsWith(path + ": " + expected, error.Message);
        Assert.Equal(json, File.ReadAllText(path)); // a bad state file is reported, never overwritten
    }

    [Fact]
    public void AStateFileRoundTripsAndAHugeOneIsNotRead()
    {
        using var dir = new TempDirectory();
        BoardStateFile.Write(dir.Path, new BoardStateFile.State("sim-digits", 7, 1234), flushToDisk: false);
        Assert.Equal(new BoardStateFile.State("sim-digits", 7, 1234), BoardStateFile.Read(dir.Path));
        dir.Write(BoardStateFile.FileName, "{\"format\":1," + new string(' ', BoardStateFile.MaxFileBytes) + "}");
        var error = Assert.Throws<InvalidDataException>(() => BoardStateFile.Read(dir.Path));
        Assert.Contains("more than", error.Message);
    }
}
