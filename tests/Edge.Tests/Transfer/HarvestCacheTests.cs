using System.Buffers.Binary;
using Edge.Host.Transfer;

namespace Edge.Tests.Transfer;

public sealed class HarvestCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-harvest-").FullName;
    private string PathOf(string name) => Path.Combine(_dir, name);
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly HarvestHeader Digits = new(10,
        HarvestSet.Of("digits", [[0.1f, 0.2f], [0.3f, 0.4f]], [[0.5f, 0.6f]]) with { TransferCount = 100, TestCount = 10 },
        HarvestBoard.Of("sim-digits", 1, 2, [1, 2, 3], 0));

    private static int[] Logits(int index) => Enumerable.Range(0, 10).Select(c => index * 1000 + c - 5).ToArray();

    /// <summary>A cache of records 0..count−1, closed; returns its path.</summary>
    private string Filled(string name, int count)
    {
        string path = PathOf(name);
        using var cache = HarvestCache.Create(path, Digits);
        for (int i = 0; i < count; i++) cache.Append(i, Logits(i));
        return path;
    }

    private static int HeaderLength(string path) => (int)new FileInfo(path).Length - 10 * HarvestCache.RecordLength(10);

    /// <summary>All-Q3.12 weights hash as they always did (a cache harvested before weight exponents still matches its kept file); an exponent changes the hash.</summary>
    [Fact]
    public void TheWeightsHash_TakesTheExponentsOnlyWhereTheyAreNotZero()
    {
        short[] weights = [1, -2, 300];
        byte[] plain = System.Security.Cryptography.SHA256.HashData(new byte[] { 1, 0, 0xFE, 0xFF, 0x2C, 0x01 });
        Assert.Equal(plain, HarvestBoard.HashWeights(weights, 0));
        Assert.NotEqual(plain, HarvestBoard.HashWeights(weights, 0x10));
        Assert.NotEqual(HarvestBoard.HashWeights(weights, 0x10), HarvestBoard.HashWeights(weights, 0x20));
    }

    [Fact]
    public void Records_AndWhoTheyCameFrom_SurviveReopening()
    {
        string path = PathOf("a.harvest");
        using (var cache = HarvestCache.Create(path, Digits))
            for (int i = 0; i < 50; i += 2) cache.Append(i, Logits(i));
        using var reopened = HarvestCache.Open(path);
        Assert.Equal(25, reopened.Count);
        for (int i = 0; i < 50; i += 2) Assert.Equal(Logits(i), reopened.Records[i]);
        Assert.False(reopened.Contains(1));
        Assert.Empty(reopened.Damage);
        Assert.True(reopened.Header.Set.SameAs(Digits.Set));
        Assert.True(reopened.Header.Board.SameAs(Digits.Board));
        Assert.Equal("sim-digits#1 (model generation 2, weights " + Convert.ToHexStringLower(Digits.Board.WeightsHash, 0, 4) + ")", reopened.Header.Board.ToString());
    }

    [Fact]
    public void ATornTail_LosesOnlyTheTornRecord_AndNothingIsCutOff()
    {
        string path = Filled("b.harvest", 10);
        long full = new FileInfo(path).Length;
        int record = HarvestCache.RecordLength(10);
        for (int cut = 1; cut < record; cut++)
        {
            File.Copy(path, PathOf("torn.harvest"), overwrite: true);
            using (var f = new FileStream(PathOf("torn.harvest"), FileMode.Open)) f.SetLength(full - cut);
            using (var torn = HarvestCache.Open(PathOf("torn.harvest")))
            {
                Assert.Equal(9, torn.Count);
                Assert.Equal(new DamagedStretch(full - record, record - cut), Assert.Single(torn.Damage));
                torn.Append(9, Logits(9));   // appended after the torn bytes, which stay
            }
            Assert.Equal(full - cut + record, new FileInfo(PathOf("torn.harvest")).Length);
            using var resumed = HarvestCache.Open(PathOf("torn.harvest"));
            Assert.Equal(10, resumed.Count);
            Assert.Equal(Logits(9), resumed.Records[9]);
        }
    }

    [Fact]
    public void ADamagedRecord_LosesOnlyItself_AndTheFileKeepsItsLength()
    {
        string path = Filled("c.harvest", 10);
        byte[] bytes = File.ReadAllBytes(path);
        int record5 = HeaderLength(path) + 5 * HarvestCache.RecordLength(10);
        bytes[record5 + 6] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        using var cache = HarvestCache.Open(path);
        Assert.Equal(9, cache.Count);
        Assert.False(cache.Contains(5));
        Assert.All(Enumerable.Range(0, 10).Where(i => i != 5), i => Assert.Equal(Logits(i), cache.Records[i]));
        Assert.Equal(new DamagedStretch(record5, HarvestCache.RecordLength(10)), Assert.Single(cache.Damage));
        Assert.Equal(bytes.Length, new FileInfo(path).Length);
    }

    [Fact]
    public void EitherHeaderCopy_MayBeDamaged_AndIsRewrittenFromTheOther()
    {
        string path = Filled("d.harvest", 10);
        byte[] sound = File.ReadAllBytes(path);
        int copy = HeaderLength(path) / 2;
        foreach (int at in new[] { 0, 9, 11, copy - 1, copy, copy + 20, 2 * copy - 1 })
        {
            byte[] bytes = (byte[])sound.Clone();
            bytes[at] ^= 0xFF;
            File.WriteAllBytes(path, bytes);
            using (var cache = HarvestCache.Open(path))
            {
                Assert.True(cache.RepairedHeader, $"byte {at}");
                Assert.Equal(10, cache.Count);
                Assert.True(cache.Header.Board.SameAs(Digits.Board));
            }
            Assert.Equal(sound, File.ReadAllBytes(path));
        }
    }

    [Fact]
    public void NotACache_AFormat1Cache_OrAnExistingFile_AreClearErrors()
    {
        File.WriteAllBytes(PathOf("junk"), Enumerable.Repeat((byte)0x55, 100).ToArray());
        Assert.Contains("is not a harvest cache", Assert.Throws<InvalidDataException>(() => HarvestCache.Open(PathOf("junk"))).Message);

        var format1 = new byte[20 + 48];
        "EDGEHARV"u8.CopyTo(format1);
        BinaryPrimitives.WriteUInt16LittleEndian(format1.AsSpan(8), 1);
        File.WriteAllBytes(PathOf("old.harvest"), format1);
        var old = Assert.Throws<InvalidDataException>(() => HarvestCache.Open(PathOf("old.harvest")));
        Assert.Contains("format 1", old.Message);
        Assert.Contains("new --cache file", old.Message);

        Assert.Contains("already exists", Assert.Throws<IOException>(() => HarvestCache.Create(PathOf("junk"), Digits)).Message);
        Assert.Equal(100, new FileInfo(PathOf("junk")).Length);
    }

    [Fact]
    public void OnlyStimuliOfTheSet_AreRecorded()
    {
        using var cache = HarvestCache.Create(PathOf("e.harvest"), Digits);
        cache.Append(99, Logits(99));
        cache.Append(HarvestCache.TestIndexBase + 9, Logits(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Append(100, Logits(100)));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Append(HarvestCache.TestIndexBase + 10, Logits(1)));
    }

    [Fact]
    public void TheSetFingerprint_DependsOnEveryFeature()
    {
        float[][] a = [[0.1f, 0.2f], [0.3f, 0.4f]], b = [[0.1f, 0.2f], [0.3f, 0.41f]];
        Assert.False(HarvestSet.Of("x", a, []).SameAs(HarvestSet.Of("x", b, [])));
        Assert.False(HarvestSet.Of("x", a, []).SameAs(HarvestSet.Of("x", a[..1], a[1..])));
        Assert.True(HarvestSet.Of("x", a, []).SameAs(HarvestSet.Of("x", a.Select(r => (float[])r.Clone()).ToArray(), [])));
    }
}
