using Edge.Host.Transfer;

namespace Edge.Tests.Transfer;

public sealed class HarvestCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-harvest-").FullName;
    private string PathOf(string name) => Path.Combine(_dir, name);
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int[] Logits(int index) => Enumerable.Range(0, 10).Select(c => index * 1000 + c - 5).ToArray();

    [Fact]
    public void Records_SurviveReopening()
    {
        string path = PathOf("a.harvest");
        using (var cache = HarvestCache.Open(path, 42, 10))
            for (int i = 0; i < 50; i += 2) cache.Append(i, Logits(i));
        using var reopened = HarvestCache.Open(path, 42, 10);
        Assert.Equal(25, reopened.Count);
        for (int i = 0; i < 50; i += 2) Assert.Equal(Logits(i), reopened.Records[i]);
        Assert.False(reopened.Contains(1));
    }

    [Fact]
    public void TornTail_IsCutBack_AndEverythingBeforeItKept()
    {
        string path = PathOf("b.harvest");
        using (var cache = HarvestCache.Open(path, 7, 10))
            for (int i = 0; i < 10; i++) cache.Append(i, Logits(i));
        long full = new FileInfo(path).Length;
        int record = HarvestCache.RecordLength(10);
        for (int cut = 1; cut < record; cut++)
        {
            File.Copy(path, PathOf("torn.harvest"), overwrite: true);
            using (var f = new FileStream(PathOf("torn.harvest"), FileMode.Open)) f.SetLength(full - cut);
            using var torn = HarvestCache.Open(PathOf("torn.harvest"), 7, 10);
            Assert.Equal(9, torn.Count);
            Assert.Equal(record - cut, torn.DiscardedTailBytes);
            torn.Append(9, Logits(9));   // resumes cleanly after the cut
        }
        using var resumed = HarvestCache.Open(PathOf("torn.harvest"), 7, 10);
        Assert.Equal(10, resumed.Count);
        Assert.Equal(Logits(9), resumed.Records[9]);
    }

    [Fact]
    public void CorruptedRecord_EndsTheTrustedPart()
    {
        string path = PathOf("c.harvest");
        using (var cache = HarvestCache.Open(path, 7, 10))
            for (int i = 0; i < 10; i++) cache.Append(i, Logits(i));
        byte[] bytes = File.ReadAllBytes(path);
        bytes[20 + 5 * HarvestCache.RecordLength(10) + 6] ^= 0x10;   // inside record 5
        File.WriteAllBytes(path, bytes);
        using var cache2 = HarvestCache.Open(path, 7, 10);
        Assert.Equal(5, cache2.Count);
        Assert.All(Enumerable.Range(0, 5), i => Assert.Equal(Logits(i), cache2.Records[i]));
    }

    [Fact]
    public void AnotherTransferSet_OrNotACache_IsAClearError()
    {
        string path = PathOf("d.harvest");
        using (HarvestCache.Open(path, 1, 10)) { }
        var other = Assert.Throws<InvalidDataException>(() => HarvestCache.Open(path, 2, 10));
        Assert.Contains("another transfer set", other.Message);
        File.WriteAllBytes(PathOf("junk"), Enumerable.Repeat((byte)0x55, 100).ToArray());
        var junk = Assert.Throws<InvalidDataException>(() => HarvestCache.Open(PathOf("junk"), 1, 10));
        Assert.Contains("not a harvest cache", junk.Message);
    }

    [Fact]
    public void Fingerprint_DependsOnEveryFeature()
    {
        var a = new[] { new float[] { 0.1f, 0.2f }, new float[] { 0.3f, 0.4f } };
        var b = new[] { new float[] { 0.1f, 0.2f }, new float[] { 0.3f, 0.41f } };
        Assert.NotEqual(HarvestCache.Fingerprint(a), HarvestCache.Fingerprint(b));
        Assert.Equal(HarvestCache.Fingerprint(a), HarvestCache.Fingerprint(a.Select(x => (float[])x.Clone()).ToArray()));
    }
}
