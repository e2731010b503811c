using Edge.Core.Numerics;

namespace Edge.Host.Transfer;

/// <summary>
/// The part of a harvest the new board never trains on: it answers those stimuli after each epoch, and its agreement
/// with the old board's answers there says whether it still gains (no labels needed).
/// </summary>
public static class HeldOut
{
    /// <summary>
    /// Splits answered indices into those trained on and those held out (<see cref="DistillationDefaults.HeldOut"/> of
    /// them): a fixed shuffle of the sorted indices, so the same harvest is always split the same way. Both parts sorted.
    /// </summary>
    public static (int[] Train, int[] HeldOut) Split(IEnumerable<int> indices)
    {
        int[] sorted = indices.Order().ToArray();
        int held = DistillationDefaults.HeldOut(sorted.Length);
        int[] order = BatchedBoardCalls.ShuffledOrder(sorted.Length, new Pcg32(0x4E1D, 7));
        int[] heldOut = order.Take(held).Select(k => sorted[k]).Order().ToArray();
        int[] train = order.Skip(held).Select(k => sorted[k]).Order().ToArray();
        return (train, heldOut);
    }
}
