using Edge.Boards.Simulated;
using Edge.Core.Hardware;
using Edge.Tests.Data;
using Xunit;

namespace Edge.Tests.Simulated;

/// <summary>The file and in-memory slot storages behave alike; the file one also survives a new instance.</summary>
public sealed class SlotStorageTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private IStorage Make(string kind, int slotSize = 1024) => kind switch
    {
        "file" => new FileSlotStorage(_dir.Path, slotCount: 2, slotSize, flushToDisk: false),
        _ => new MemorySlotStorage(slotCount: 2, slotSize),
    };

    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = (byte)(i * 31 + seed);
        return bytes;
    }

    [Theory]
    [InlineData("file")]
    [InlineData("memory")]
    public void BlankSlotsReadNothingAndWrittenBytesReadBack(string kind)
    {
        IStorage storage = Make(kind);
        var buffer = new byte[100];
        Assert.Equal(0, storage.Read(0, 0, buffer, 0, buffer.Length));

        byte[] data = Pattern(300, 5);
        storage.Write(0, 0, data, 0, 200);
        storage.Write(0, 200, data, 200, 100);
        var back = new byte[400];
        Assert.Equal(300, storage.Read(0, 0, back, 0, back.Length));
        Assert.Equal(data, back[..300]);
        Assert.Equal(50, storage.Read(0, 250, back, 10, 100));
        Assert.Equal(data[250..], back[10..60]);
        Assert.Equal(0, storage.Read(0, 300, back, 0, 10));
        Assert.Equal(0, storage.Read(1, 0, back, 0, 10));

        storage.Erase(0);
        Assert.Equal(0, storage.Read(0, 0, back, 0, back.Length));
    }

    [Theory]
    [InlineData("file")]
    [InlineData("memory")]
    public void WritesMustFitTheSlotAndTheSlotMustExist(string kind)
    {
        IStorage storage = Make(kind, slotSize: 64);
        var data = new byte[65];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => storage.Write(0, 0, data, 0, 65));
        Assert.Contains("does not fit slot 0 of 64 bytes", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => storage.Write(0, 60, data, 0, 5));
        storage.Write(0, 60, data, 0, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => storage.Write(2, 0, data, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => storage.Read(-1, 0, data, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => storage.Read(0, 0, data, 60, 10));
    }

    [Fact]
    public void FileSlotsSurviveANewInstance()
    {
        byte[] data = Pattern(1000, 9);
        new FileSlotStorage(_dir.Path, 2, 4096).Write(1, 10, data, 0, data.Length);
        var storage = new FileSlotStorage(_dir.Path, 2, 4096);
        var back = new byte[1010];
        Assert.Equal(1010, storage.Read(1, 0, back, 0, back.Length));
        Assert.Equal(new byte[10], back[..10]); // a gap before the first write reads as zeros
        Assert.Equal(data, back[10..]);
        Assert.True(File.Exists(storage.SlotPath(1)));
        Assert.False(File.Exists(storage.SlotPath(0)));
    }
}
