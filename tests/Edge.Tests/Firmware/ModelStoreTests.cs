using System.Buffers.Binary;
using Edge.Core.Model;
using Edge.Core.Numerics;
using Edge.Core.Storage;
using Xunit;

namespace Edge.Tests.Firmware;

/// <summary>
/// The model image and the two-slot store: round trips, alternation, generations, and the
/// promise that no torn or corrupted write loses the last good model.
/// </summary>
public class ModelStoreTests
{
    private static ModelConfig SmallConfig(int inputs = 8)
    {
        var config = new ModelConfig { Algorithm = LearningAlgorithm.ActivityPerturbation, InitSeed = 3, Learner = { Seed = 9, BatchSize = 4 } };
        config.SetSizes(new[] { inputs, 6, 3 });
        return config;
    }

    private static (Network Network, ModelImageHeader Header) Model(ulong seed, long samples = 17)
    {
        var header = new ModelImageHeader { Serial = 77, SamplesSeen = samples };
        header.Config.CopyFrom(SmallConfig());
        header.Config.InitSeed = seed;
        var network = new Network(header.Config.CopySizes());
        network.Initialize(seed);
        return (network, header);
    }

    private static short[] Weights(Network network)
    {
        var all = new short[network.ParameterCount];
        WeightStream.Read(network, 0, all, 0, all.Length);
        return all;
    }

    [Fact]
    public void HeaderRoundTripsEveryField()
    {
        var header = new ModelImageHeader { Serial = 0xDEADBEEF, SamplesSeen = 1L << 40, Generation = 0xFFFFFFFE, NoteLength = 300 };
        var c = header.Config;
        c.SetSizes(new[] { 196, 128, 64, 32, 10 });
        c.Algorithm = LearningAlgorithm.ActivityPerturbationLocal;
        c.Activation = ActivationKind.BoardPhysical;
        c.Learner.HiddenLearningRateQ16 = 123; c.Learner.OutputLearningRateQ16 = 4567; c.Learner.SigmaQ16 = 89;
        c.Learner.Directions = 3; c.Learner.Groups = 8; c.Learner.BatchSize = 32; c.Learner.ActiveOnly = true; c.Learner.CentralDifferences = true;
        c.Learner.Seed = ulong.MaxValue - 5; c.InitSeed = 42;
        var bytes = new byte[ModelImage.HeaderLength];
        ModelImage.WriteHeader(header, bytes);
        Assert.Equal("EDGM", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));

        var parsed = new ModelImageHeader();
        Assert.True(ModelImage.ParseHeader(bytes, bytes.Length, parsed));
        var p = parsed.Config;
        Assert.Equal(new[] { 196, 128, 64, 32, 10 }, p.CopySizes());
        Assert.Equal((c.Algorithm, c.Activation, c.Learner.HiddenLearningRateQ16, c.Learner.OutputLearningRateQ16, c.Learner.SigmaQ16, c.Learner.Directions, c.Learner.Groups, c.Learner.BatchSize),
                     (p.Algorithm, p.Activation, p.Learner.HiddenLearningRateQ16, p.Learner.OutputLearningRateQ16, p.Learner.SigmaQ16, p.Learner.Directions, p.Learner.Groups, p.Learner.BatchSize));
        Assert.Equal((c.Learner.ActiveOnly, c.Learner.CentralDifferences, c.Learner.Seed, c.InitSeed), (p.Learner.ActiveOnly, p.Learner.CentralDifferences, p.Learner.Seed, p.InitSeed));
        Assert.Equal((header.Serial, header.SamplesSeen, header.Generation, 300), (parsed.Serial, parsed.SamplesSeen, parsed.Generation, parsed.NoteLength));
    }

    [Fact]
    public void WeightExponentsRoundTrip_InAVersion2Image_AndAllZeroIsVersion1AsBefore()
    {
        var (_, header) = Model(1);
        var bytes = new byte[ModelImage.HeaderLength];
        ModelImage.WriteHeader(header, bytes);
        Assert.Equal(((ushort)ModelImage.FormatVersion, (ushort)0), (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(ModelImage.VersionOffset)), BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(ModelImage.ExponentsOffset))));

        header.WeightExponents[0] = 1;
        header.WeightExponents[1] = Q.MaxWeightExponent;
        ModelImage.WriteHeader(header, bytes);
        Assert.Equal(((ushort)ModelImage.ExponentsFormatVersion, (ushort)0x41), (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(ModelImage.VersionOffset)), BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(ModelImage.ExponentsOffset))));
        var parsed = new ModelImageHeader();
        Assert.True(ModelImage.ParseHeader(bytes, bytes.Length, parsed));
        Assert.Equal(new[] { 1, Q.MaxWeightExponent, 0, 0 }, parsed.WeightExponents);
    }

    /// <summary>Exponents a reader would misread are refused: on a version 1 image, beyond the largest, past the last layer.</summary>
    [Theory]
    [InlineData(ModelImage.FormatVersion, 0x01)]
    [InlineData(ModelImage.ExponentsFormatVersion, 0x00)]
    [InlineData(ModelImage.ExponentsFormatVersion, 0x05)]
    [InlineData(ModelImage.ExponentsFormatVersion, 0x0F)]
    [InlineData(ModelImage.ExponentsFormatVersion, 0x100)]   // layer 2 of a two-layer model
    public void WeightExponentsAReaderWouldMisread_AreRefused(int version, int exponents)
    {
        var (_, header) = Model(1);
        var bytes = new byte[ModelImage.HeaderLength];
        ModelImage.WriteHeader(header, bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(ModelImage.VersionOffset), (ushort)version);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(ModelImage.ExponentsOffset), (ushort)exponents);
        Assert.False(ModelImage.ParseHeader(bytes, bytes.Length, new ModelImageHeader()));
    }

    [Fact]
    public void SaveKeepsTheNetworksWeightExponents_AndReadingTheImageRestoresThem()
    {
        var store = new ModelStore(new MemoryStorage());
        var (network, header) = Model(2);
        network.WeightExponents[1] = 2;
        Assert.True(store.Save(header, network) >= 0);
        var found = new ModelImageHeader();
        int slot = store.FindNewest(found);
        var loaded = new Network(found.Config.CopySizes());
        Assert.True(store.ReadWeights(slot, found, loaded));
        Assert.Equal(new[] { 0, 2 }, loaded.WeightExponents);
        Assert.Equal(Weights(network), Weights(loaded));
    }

    [Fact]
    public void EveryHeaderByteFlipIsRejectedOrHarmless()
    {
        var (_, header) = Model(1);
        var bytes = new byte[ModelImage.HeaderLength];
        ModelImage.WriteHeader(header, bytes);
        var parsed = new ModelImageHeader();
        for (int i = 0; i < bytes.Length; i++)
            for (int bit = 0; bit < 8; bit++)
            {
                var copy = (byte[])bytes.Clone();
                copy[i] ^= (byte)(1 << bit);
                // Must not throw; when it parses, the sizes it gives are valid and bounded.
                if (ModelImage.ParseHeader(copy, copy.Length, parsed))
                {
                    Assert.Null(parsed.Config.Validate(backpropAllowed: true));   // an algorithm byte may flip to bp, which a file may hold
                    Assert.True(parsed.ImageLength <= ModelImage.ImageLength(ModelConfig.MaxParameters, ModelImage.MaxNoteLength));
                }
            }
        // Structural fields are always caught.
        foreach (int at in new[] { 0, 4, 6, 8, 12, 16, 27, 80 })   // 27: a note length past the cap
        {
            var copy = (byte[])bytes.Clone();
            copy[at] ^= 0x40;
            Assert.False(ModelImage.ParseHeader(copy, copy.Length, parsed), $"byte {at}");
        }
    }

    [Fact]
    public void SavesAlternateSlotsAndLoadPicksTheNewest()
    {
        var storage = new MemoryStorage();
        var store = new ModelStore(storage);
        var found = new ModelImageHeader();
        Assert.Equal(-1, store.FindNewest(found));

        var slotsUsed = new List<int>();
        for (ulong seed = 1; seed <= 5; seed++)
        {
            var (network, header) = Model(seed);
            int slot = store.Save(header, network);
            Assert.True(slot >= 0, $"save {seed} failed with {slot}");
            Assert.Equal((uint)seed, header.Generation);
            slotsUsed.Add(slot);

            int newest = store.FindNewest(found);
            Assert.Equal(slot, newest);
            Assert.Equal((uint)seed, found.Generation);
            var loaded = new Network(found.Config.CopySizes());
            Assert.True(store.ReadWeights(newest, found, loaded));
            Assert.Equal(Weights(network), Weights(loaded));
            Assert.Equal(17, found.SamplesSeen);
            Assert.Equal(77u, found.Serial);
        }
        Assert.Equal(new[] { 0, 1, 0, 1, 0 }, slotsUsed);
    }

    [Fact]
    public void ImageLargerThanASlotIsRefused()
    {
        var store = new ModelStore(new MemoryStorage(2, 200));
        var (network, header) = Model(1);
        Assert.Equal(ModelStore.SaveTooLarge, store.Save(header, network));
        Assert.Equal(ModelStore.SaveNoSlots, new ModelStore(new MemoryStorage(1, 4096)).Save(header, network));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SaveTornAtEveryByteKeepsTheLastGoodModel(bool failSilently)
    {
        var (good, goodHeader) = Model(1);
        var (next, nextHeader) = Model(2);
        int imageLength = nextHeader.ImageLength;
        var found = new ModelImageHeader();
        // Two saves before: the torn one lands on the slot holding the older image, never the newest.
        for (int cut = 0; cut <= imageLength; cut++)
        {
            var storage = new MemoryStorage();
            var store = new ModelStore(storage);
            Assert.True(store.Save(Model(9).Header, Model(9).Network) >= 0);
            Assert.True(store.Save(goodHeader, good) >= 0);
            storage.WriteBudget = cut;
            storage.FailSilently = failSilently;
            int result = store.Save(nextHeader, next);
            storage.WriteBudget = long.MaxValue;

            int slot = new ModelStore(storage).FindNewest(found); // a fresh boot
            Assert.True(slot >= 0);
            var loaded = new Network(found.Config.CopySizes());
            Assert.True(store.ReadWeights(slot, found, loaded));
            if (cut < imageLength)
            {
                Assert.True(result < 0, $"cut at {cut} of {imageLength} must fail, got {result}");
                Assert.Equal(Weights(good), Weights(loaded));
                Assert.Equal(2u, found.Generation);
            }
            else
            {
                Assert.True(result >= 0);
                Assert.Equal(Weights(next), Weights(loaded));
                Assert.Equal(3u, found.Generation);
            }
        }
    }

    [Fact]
    public void DamagedImagesAreCounted_ATornSaveIsNot()
    {
        var (older, olderHeader) = Model(1);
        var (newer, newerHeader) = Model(2);
        var storage = new MemoryStorage(2, 1024);
        var store = new ModelStore(storage);
        store.Save(olderHeader, older);
        int newerSlot = store.Save(newerHeader, newer);
        Assert.Equal(0, store.CountDamaged(out uint generation));

        storage.Slot(newerSlot)[ModelImage.HeaderLength + 3] ^= 0x10;   // a weight: the CRC fails, the header still tells
        Assert.Equal(1, store.CountDamaged(out generation));
        Assert.Equal(2u, generation);
        storage.Slot(newerSlot)[QFormatOffset] ^= 0xFF;   // the header too: its generation is no longer told
        Assert.Equal(1, store.CountDamaged(out generation));
        Assert.Equal(0u, generation);

        // a save goes to the damaged slot and is cut before its last write (the magic): an unfinished save, not damage
        storage.WriteBudget = newerHeader.ImageLength - 1;
        Assert.True(store.Save(newerHeader, newer) < 0);
        storage.WriteBudget = long.MaxValue;
        Assert.Equal(0, store.CountDamaged(out _));
    }

    private const int QFormatOffset = 12;

    [Fact]
    public void CorruptedSlotsGiveTheLastGoodModelOrNoneNeverAnException()
    {
        var rng = new Pcg32(2024, 5);
        var (older, olderHeader) = Model(1);
        var (newer, newerHeader) = Model(2);
        var found = new ModelImageHeader();
        for (int trial = 0; trial < 400; trial++)
        {
            var storage = new MemoryStorage(2, 1024);
            var store = new ModelStore(storage);
            store.Save(olderHeader, older);
            int newerSlot = store.Save(newerHeader, newer);
            int olderSlot = 1 - newerSlot;
            // flip random bytes in one or both slots (header, weights or CRC alike)
            bool hitNewer = false, hitOlder = false;
            for (int flips = 1 + rng.NextInt(4); flips > 0; flips--)
            {
                int slot = rng.NextInt(2);
                int at = rng.NextInt(trial % 3 == 0 ? ModelImage.HeaderLength : newerHeader.ImageLength);
                byte mask = (byte)(1 + rng.NextInt(255));
                storage.Slot(slot)[at] ^= mask;
                if (slot == newerSlot) hitNewer = true; else hitOlder = true;
            }
            int slotFound = store.FindNewest(found);
            if (!hitNewer) Assert.Equal(newerSlot, slotFound);
            else if (!hitOlder) Assert.Equal(olderSlot, slotFound);
            else Assert.Equal(-1, slotFound);
            if (slotFound >= 0)
            {
                var loaded = new Network(found.Config.CopySizes());
                Assert.True(store.ReadWeights(slotFound, found, loaded));
                Assert.Equal(Weights(slotFound == newerSlot ? newer : older), Weights(loaded));
            }
        }
        // Pure garbage, including huge sizes in the header, is only ever "no model".
        for (int trial = 0; trial < 200; trial++)
        {
            var storage = new MemoryStorage(2, 512);
            for (int s = 0; s < 2; s++)
            {
                var bytes = storage.Slot(s);
                for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)rng.NextUInt();
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes, ModelImage.Magic);
                bytes[4] = 1; bytes[5] = 0; bytes[6] = ModelImage.HeaderLength; bytes[7] = 0;
            }
            Assert.Equal(-1, new ModelStore(storage).FindNewest(found));
        }
    }

    [Fact]
    public void StorageThatThrowsOnReadMeansNoModel()
    {
        var store = new ModelStore(new ThrowingStorage());
        Assert.Equal(-1, store.FindNewest(new ModelImageHeader()));
        var (network, header) = Model(1);
        Assert.Equal(ModelStore.SaveWriteFailed, store.Save(header, network));
    }

    private sealed class ThrowingStorage : Edge.Core.Hardware.IStorage
    {
        public int SlotCount => 2;
        public int SlotSize => 4096;
        public int Read(int slot, int offset, byte[] buffer, int bufferOffset, int count) => throw new IOException("bus error");
        public void Write(int slot, int offset, byte[] buffer, int bufferOffset, int count) => throw new IOException("bus error");
        public void Erase(int slot) => throw new IOException("bus error");
    }
}
