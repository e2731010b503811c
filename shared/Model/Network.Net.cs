using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Edge.Core.Model
{
    /// <summary>Host-only (net10.0, x86 AVX-512F) twin of the perturbed pass's saturating add, bit-identical to Sat.Add32.</summary>
    public sealed partial class Network
    {
        static partial void AddSaturatedAccelerated(int[] a, int[] b, int[] sum, ref bool done)
        {
            const int Lanes = 16;
            int count = sum.Length;
            if (!Avx512F.IsSupported || !Vector512.IsHardwareAccelerated || count < Lanes || a.Length < count || b.Length < count) return;
            Vector512<int> max = Vector512.Create(int.MaxValue);
            for (int i = 0; ; i += Lanes)
            {
                if (i + Lanes > count) i = count - Lanes;   // the last 16, overlapping: the same values again
                Vector512<int> x = Vector512.LoadUnsafe(ref a[i]);
                Vector512<int> y = Vector512.LoadUnsafe(ref b[i]);
                Vector512<int> s = x + y;
                // signed overflow: x and y agree in sign and s does not
                Vector512<int> overflow = Avx512F.ShiftRightArithmetic((x ^ s) & (y ^ s), 31);
                Vector512.ConditionalSelect(overflow, Avx512F.ShiftRightArithmetic(x, 31) ^ max, s).StoreUnsafe(ref sum[i]);
                if (i + Lanes >= count) break;
            }
            done = true;
        }
    }
}
