using Edge.Boards.Profiles;
using Edge.Boards.Simulated;
using Edge.Tests.Boards;
using Edge.Tests.Data;
using Xunit;

namespace Edge.Tests.Simulated;

public class SimulatedBoardTests
{
    private static readonly BoardProfile Digits = BoardTestProfiles.Shipped("sim-digits");

    private static int[] Stimulus(SimulatedBoard board)
    {
        var features = new float[board.Input.ChannelCount];
        for (int i = 0; i < features.Length; i++) features[i] = (i * 37 % 64) / 63f;
        var microvolts = new int[features.Length];
        board.AnalogPath.StimulusFromUnit(features, microvolts);
        return microvolts;
    }

    private static int[][] ReadSeveral(SimulatedBoard board, int reads)
    {
        int[] stimulus = Stimulus(board);
        Assert.True(board.Input.Present(stimulus, stimulus.Length));
        var result = new int[reads][];
        for (int r = 0; r < reads; r++)
        {
            result[r] = new int[board.Input.ChannelCount];
            board.Input.Read(result[r]);
        }
        return result;
    }

    [Fact]
    public void SameSerialGivesTheSameCodesIncludingNoise()
    {
        using var a = SimulatedBoard.InMemory(Digits, 7);
        using var b = SimulatedBoard.InMemory(Digits, 7);
        int[][] codesA = ReadSeveral(a, 3), codesB = ReadSeveral(b, 3);
        for (int r = 0; r < 3; r++) Assert.Equal(codesA[r], codesB[r]);
        // Fresh noise on every read: consecutive reads of one stimulus differ somewhere.
        Assert.NotEqual(codesA[0], codesA[1]);
    }

    [Fact]
    public void TwoSerialsAreTwoDifferentBoards()
    {
        using var a = SimulatedBoard.InMemory(Digits, 1);
        using var b = SimulatedBoard.InMemory(Digits, 2);
        int[] codesA = ReadSeveral(a, 1)[0], codesB = ReadSeveral(b, 1)[0];
        int bigDifferences = 0;
        for (int c = 0; c < codesA.Length; c++) if (Math.Abs(codesA[c] - codesB[c]) > 50) bigDifferences++;
        Assert.True(bigDifferences > codesA.Length / 4, $"only {bigDifferences} channels differ by more than 50 LSB");
    }

    [Fact]
    public void ShortStimulusGroundsTheRemainingChannelsAndTooLongIsRejected()
    {
        using var board = SimulatedBoard.InMemory(BoardTestProfiles.Ideal(channels: 4), 1);
        board.Input.Present(new[] { 3_300_000, 1_650_000, 1_000, 1_000 }, 4);
        Assert.True(board.Input.Present(new[] { 1_650_000 }, 1));
        var codes = new int[4];
        board.Input.Read(codes);
        Assert.Equal(new[] { 2048, 0, 0, 0 }, codes);
        Assert.Throws<ArgumentException>(() => board.Input.Present(new int[5], 5));
    }

    [Fact]
    public void HiddenActivationIsAnalogOnlyWhenTheProfileHasAnalogNeurons()
    {
        using var analog = SimulatedBoard.InMemory(BoardTestProfiles.Shipped("sim-analog-neurons"), 3);
        using var digital = SimulatedBoard.InMemory(Digits, 3);
        var neurons = Assert.IsType<AnalogNeurons>(analog.HiddenActivation);
        Assert.Equal(3u, neurons.Serial);
        Assert.Null(digital.HiddenActivation);
    }

    [Fact]
    public void CountingOperationsAgesTheGains()
    {
        using var board = SimulatedBoard.InMemory(Digits, 5);
        double before = board.AnalogPath.Gain(0);
        board.CountOperations(1_000_000);
        Assert.Equal(1_000_000, board.OperationsUsed);
        Assert.NotEqual(before, board.AnalogPath.Gain(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => board.CountOperations(-1));
    }

    [Fact]
    public void AgePersistsAcrossInstances()
    {
        using var dir = new TempDirectory();
        using (var board = SimulatedBoard.Open(Digits, 9, dir.Path))
        {
            board.CountOperations(1234);
            board.CountOperations(766);
        }
        using var reopened = SimulatedBoard.Open(Digits, 9, dir.Path);
        using var reference = SimulatedBoard.InMemory(Digits, 9);
        reference.CountOperations(2000);
        Assert.Equal(2000, reopened.OperationsUsed);
        for (int c = 0; c < 64; c++) Assert.Equal(reference.AnalogPath.Gain(c), reopened.AnalogPath.Gain(c));
        Assert.Equal(ReadSeveral(reference, 2), ReadSeveral(reopened, 2));
    }

    [Fact]
    public void WearIsSavedPeriodicallyWithoutDispose()
    {
        using var dir = new TempDirectory();
        using var board = SimulatedBoard.Open(Digits, 4, dir.Path);
        board.CountOperations(10);
        Assert.Null(BoardStateFile.Read(dir.Path));
        board.CountOperations((int)SimulatedBoard.StateSaveIntervalOps);
        Assert.Equal(SimulatedBoard.StateSaveIntervalOps + 10, BoardStateFile.Read(dir.Path)!.OperationsUsed);
        Assert.False(File.Exists(Path.Combine(dir.Path, BoardStateFile.FileName + ".tmp")));
    }

    [Fact]
    public void EndOfLifeIsReachedAfterTheProfilesOperationsAndSurvivesReopening()
    {
        BoardProfile mortal = BoardTestProfiles.Ideal() with { Name = "mortal", EndOfLifeOps = 100 };
        using var dir = new TempDirectory();
        using (var board = SimulatedBoard.Open(mortal, 1, dir.Path))
        {
            board.CountOperations(99);
            Assert.True(board.IsAlive);
            Assert.Equal(1, board.OperationsLeft);
            board.CountOperations(1);
            Assert.False(board.IsAlive);
            Assert.Equal(0, board.OperationsLeft);
            // Saved at the moment of death, not only on dispose.
            Assert.Equal(100, BoardStateFile.Read(dir.Path)!.OperationsUsed);
            board.CountOperations(5);
            Assert.Equal(100, board.OperationsUsed);
        }
        using var reopened = SimulatedBoard.Open(mortal, 1, dir.Path);
        Assert.False(reopened.IsAlive);
        using var immortal = SimulatedBoard.InMemory(Digits with { EndOfLifeOps = null }, 1);
        immortal.CountOperations(int.MaxValue);
        Assert.True(immortal.IsAlive);
        Assert.Null(immortal.OperationsLeft);
    }

    [Fact]
    public void ModelSlotsPersistAcrossInstances()
    {
        using var dir = new TempDirectory();
        var image = new byte[5000];
        for (int i = 0; i < image.Length; i++) image[i] = (byte)(i * 7 + 1);
        using (var board = SimulatedBoard.Open(Digits, 2, dir.Path))
            board.Storage.Write(1, 0, image, 0, image.Length);
        using var reopened = SimulatedBoard.Open(Digits, 2, dir.Path);
        var back = new byte[6000];
        Assert.Equal(5000, reopened.Storage.Read(1, 0, back, 0, back.Length));
        Assert.Equal(image, back[..5000]);
        Assert.Equal(0, reopened.Storage.Read(0, 0, back, 0, back.Length));
    }

    [Fact]
    public void ABoardCannotBeOpenedTwiceAtOnce()
    {
        using var dir = new TempDirectory();
        using (SimulatedBoard.Open(Digits, 3, dir.Path))
        {
            var e = Assert.Throws<IOException>(() => SimulatedBoard.Open(Digits, 3, dir.Path));
            Assert.Contains("sim-digits#3 is in use", e.Message);
        }
        using var again = SimulatedBoard.Open(Digits, 3, dir.Path); // released on dispose
    }

    [Fact]
    public void AFlashDirectoryOfAnotherBoardIsRejected()
    {
        using var dir = new TempDirectory();
        using (var board = SimulatedBoard.Open(Digits, 3, dir.Path)) board.CountOperations(1);
        var e = Assert.Throws<InvalidDataException>(() => SimulatedBoard.Open(Digits, 4, dir.Path));
        Assert.Contains("sim-digits#3, not sim-digits#4", e.Message);
        File.WriteAllText(Path.Combine(dir.Path, BoardStateFile.FileName), "{ \"format\": 1 ");
        Assert.Throws<InvalidDataException>(() => SimulatedBoard.Open(Digits, 3, dir.Path));
    }

    [Fact]
    public void DefaultFlashDirectoryHonoursEdgeHome()
    {
        string? saved = Environment.GetEnvironmentVariable(SimulatedBoard.EdgeHomeVariable);
        try
        {
            string home = Path.Combine(Path.GetTempPath(), "edge-home-test");
            Environment.SetEnvironmentVariable(SimulatedBoard.EdgeHomeVariable, home);
            Assert.Equal(Path.Combine(home, "boards", "sim-digits-12"), SimulatedBoard.DefaultFlashDirectory(Digits, 12));
            Environment.SetEnvironmentVariable(SimulatedBoard.EdgeHomeVariable, null);
            Assert.EndsWith(Path.Combine(".edge", "boards", "sim-digits-12"), SimulatedBoard.DefaultFlashDirectory("sim-digits", 12));
        }
        finally
        {
            Environment.SetEnvironmentVariable(SimulatedBoard.EdgeHomeVariable, saved);
        }
    }
}
