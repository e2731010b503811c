using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Edge.Host.Transfer;

/// <summary>
/// Which transfer set a harvest answers: the data set's name, how many transfer and test stimuli, and a SHA-256 of
/// every feature of them in order (so another set of the same sizes is told apart).
/// </summary>
public sealed record HarvestSet(string DataName, int TransferCount, int TestCount, byte[] Fingerprint)
{
    public static HarvestSet Of(string dataName, float[][] transferSet, float[][] testSet)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, transferSet.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), testSet.Length);
        sha.AppendData(bytes);
        foreach (float[][] part in new[] { transferSet, testSet })
            foreach (float[] row in part)
            {
                BinaryPrimitives.WriteInt32LittleEndian(bytes, row.Length);
                sha.AppendData(bytes, 0, 4);
                sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(row.AsSpan()));
            }
        return new HarvestSet(dataName, transferSet.Length, testSet.Length, sha.GetHashAndReset());
    }

    public bool SameAs(HarvestSet other) =>
        TransferCount == other.TransferCount && TestCount == other.TestCount && Fingerprint.AsSpan().SequenceEqual(other.Fingerprint);

    public override string ToString() =>
        $"{DataName} ({TransferCount} transfer + {TestCount} test stimuli, set {Convert.ToHexStringLower(Fingerprint, 0, 4)})";
}

/// <summary>
/// Which board and model a harvest was asked of: the board's profile and serial (HELLO), the generation of its model
/// image (INFO) and a SHA-256 of its weights, so a retrained or replaced model is told apart from the harvested one.
/// </summary>
public sealed record HarvestBoard(string Profile, uint Serial, uint Generation, byte[] WeightsHash)
{
    public static HarvestBoard Of(string profile, uint serial, uint generation, short[] weights, int exponents) =>
        new(profile, serial, generation, HashWeights(weights, exponents));

    /// <summary>
    /// SHA-256 of the weight stream as little-endian int16, then the packed weight exponents as a u16 where they are
    /// not 0 (so a harvest of all-Q3.12 weights keeps the hash it always had): what the .weights file must hold too.
    /// </summary>
    public static byte[] HashWeights(short[] weights, int exponents)
    {
        var bytes = new byte[2 * weights.Length + (exponents == 0 ? 0 : 2)];
        for (int i = 0; i < weights.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), weights[i]);
        if (exponents != 0) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * weights.Length), (ushort)exponents);
        return SHA256.HashData(bytes);
    }

    /// <summary>The same physical board (profile and serial), whatever its model.</summary>
    public bool SameBoardAs(string profile, uint serial) => Profile == profile && Serial == serial;

    public bool SameAs(HarvestBoard other) =>
        SameBoardAs(other.Profile, other.Serial) && Generation == other.Generation && WeightsHash.AsSpan().SequenceEqual(other.WeightsHash);

    public override string ToString() => $"{Profile}#{Serial} (model generation {Generation}, weights {Convert.ToHexStringLower(WeightsHash, 0, 4)})";
}
