using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Edge.Core.Kernels
{
    /// <summary>
    /// Host-only (net10.0, x86 AVX-512F) twin of <see cref="PortableWeightUpdateKernel"/>, bit-identical
    /// to it: 16 masters at a time, each product mantissa·x an exact int32 (vpmulld), the rounding
    /// shift as (p &gt;&gt; s) + ((p &gt;&gt; (s−1)) &amp; 1) exactly like <c>Sat.ShiftRound</c>, and the int32
    /// subtraction saturated by detecting signed overflow. Zero inputs are not skipped: they change
    /// nothing. Shifts outside 1..31 (never met with sane learning rates) and the tail of a row go
    /// to the portable loop.
    /// </summary>
    public sealed class WeightUpdateAvx512 : IWeightUpdateKernel
    {
        public static readonly WeightUpdateAvx512 Instance = new WeightUpdateAvx512();

        private const int Lanes = 16;

        public static bool IsSupported
        {
            get { return Avx512F.IsSupported && Vector512.IsHardwareAccelerated; }
        }

        public void SubtractScaledRow(int[] masters, int rowStart, short[] input, int count, int mantissa, int shift)
        {
            if (!IsSupported || shift < 1 || shift > 31 || count < Lanes)
            {
                PortableWeightUpdateKernel.Instance.SubtractScaledRow(masters, rowStart, input, count, mantissa, shift);
                return;
            }
            if ((uint)rowStart > (uint)masters.Length || masters.Length - rowStart < count || input.Length < count)
                throw new System.ArgumentException("arrays shorter than the row");
            ref short x0 = ref input[0];
            ref int w0 = ref masters[rowStart];
            Vector512<int> m = Vector512.Create(mantissa);
            Vector512<int> one = Vector512<int>.One;
            Vector512<int> max = Vector512.Create(int.MaxValue);
            int j = 0;
            for (; j + Lanes <= count; j += Lanes)
            {
                Vector512<int> x = Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref x0, (nuint)j));
                Vector512<int> p = x * m;   // |p| ≤ 32767 · 32768 < 2^31: exact
                Vector512<int> r = Vector512.ShiftRightArithmetic(p, shift)
                                 + (Vector512.ShiftRightArithmetic(p, shift - 1) & one);
                Vector512<int> w = Vector512.LoadUnsafe(ref w0, (nuint)j);
                Vector512<int> d = w - r;
                // signed overflow of w − r: w and r differ in sign and d differs from w
                Vector512<int> overflow = Vector512.ShiftRightArithmetic((w ^ r) & (w ^ d), 31);
                Vector512<int> saturated = Vector512.ShiftRightArithmetic(w, 31) ^ max;
                Vector512.ConditionalSelect(overflow, saturated, d).StoreUnsafe(ref w0, (nuint)j);
            }
            for (; j < count; j++)
            {
                int x = input[j];
                if (x != 0) masters[rowStart + j] = Numerics.Sat.ToInt32(masters[rowStart + j] - Numerics.Sat.ShiftRound(mantissa * x, shift));
            }
        }

        public void RoundToInt16(int[] masters, short[] values, int shift)
        {
            int count = values.Length;
            if (!IsSupported || shift < 1 || shift > 31 || count < Lanes)
            {
                PortableWeightUpdateKernel.Instance.RoundToInt16(masters, values, shift);
                return;
            }
            if (masters.Length < count) throw new System.ArgumentException("masters shorter than the values");
            ref int w0 = ref masters[0];
            ref short v0 = ref values[0];
            Vector512<int> one = Vector512<int>.One;
            int i = 0;
            for (; i + Lanes <= count; i += Lanes)
            {
                Vector512<int> w = Vector512.LoadUnsafe(ref w0, (nuint)i);
                Vector512<int> r = Vector512.ShiftRightArithmetic(w, shift) + (Vector512.ShiftRightArithmetic(w, shift - 1) & one);
                Avx512F.ConvertToVector256Int16WithSaturation(r).StoreUnsafe(ref v0, (nuint)i);   // vpmovsdw: sat16
            }
            for (; i < count; i++) values[i] = Numerics.Sat.ShiftRound16(masters[i], shift);
        }
    }
}
