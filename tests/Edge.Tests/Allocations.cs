namespace Edge.Tests;

/// <summary>
/// Bytes a piece of code allocates on this thread. The count is taken three times and the least is returned: in full
/// parallel runs a count now and then included 5.8 or 7.6 KB that a rerun of the same code did not (likely a
/// collection started by another test's thread), while code that really allocates does so in every count.
/// </summary>
public static class Allocations
{
    public static long Of(Action body, int counts = 3)
    {
        long least = long.MaxValue;
        for (int i = 0; i < counts && least > 0; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            body();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
