using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Accelerated
{
    /// <summary>
    /// Cross-platform (Vector128: ARM64 AdvSimd, x86 SSE) twin of <see cref="PortableWeightUpdateKernel"/>, bit-identical
    /// to it. A batch's paired products: four columns a step, each pair's two int16 halves split by shifts, their two
    /// products summed in int32 (mantissas are within ±32767, so |lo·lo + hi·hi| &lt; 2^31: exact) and widened into int64
    /// lanes, then the rounding shift, the subtraction in int64 and the int32 saturation. The input packing by widening,
    /// the steps' scaling on int64 lanes and the commit's rounding with a saturating narrow. Row preparation (once a batch,
    /// with its per-lane exponents) stays on the portable loop, as do the last count mod 4 columns of a row and shifts
    /// outside 1..63 (never met with sane learning rates).
    /// </summary>
    public sealed class WeightUpdateVector128 : IWeightUpdateKernel
    {
        public static readonly WeightUpdateVector128 Instance = new WeightUpdateVector128();

        private const int Lanes = 4;

        public static bool IsSupported { get { return Vector128.IsHardwareAccelerated; } }

        public void SubtractPairedProducts(int[] masters, int[] pairedInputs, int count, int rows, int pairCount, int[] pairs, int pairStride, int[] shifts)
        {
            if (!IsSupported || count < Lanes || pairCount < 1)
            {
                PortableWeightUpdateKernel.Instance.SubtractPairedProducts(masters, pairedInputs, count, rows, pairCount, pairs, pairStride, shifts);
                return;
            }
            if (rows < 1) return;
            if (masters.Length / count < rows || pairedInputs.Length / count < pairCount || shifts.Length < rows
                || pairStride < rows || pairs.Length / pairStride < pairCount)
                throw new System.ArgumentException("arrays shorter than the batch");
            ref int x0 = ref pairedInputs[0];
            int whole = count - count % Lanes;
            for (int o = 0; o < rows; o++)
            {
                int shift = shifts[o];
                if (shift == PortableWeightUpdateKernel.NoChange) continue;
                if (shift < 1 || shift > 63)
                {
                    PortableWeightUpdateKernel.Instance.SubtractRow(masters, o, pairedInputs, count, pairs, pairStride, pairCount, shift);
                    continue;
                }
                int rowStart = o * count;
                ref int w0 = ref masters[rowStart];
                for (int j = 0; j < whole; j += Lanes)
                {
                    Vector128<long> aLow = Vector128<long>.Zero, aHigh = Vector128<long>.Zero;
                    for (int q = 0; q < pairCount; q++)
                    {
                        int p = pairs[q * pairStride + o];
                        Vector128<int> x = Vector128.LoadUnsafe(ref x0, (nuint)(q * count + j));
                        Vector128<int> products = Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(x, 16), 16) * Vector128.Create((int)(short)p)
                                                + Vector128.ShiftRightArithmetic(x, 16) * Vector128.Create(p >> 16);
                        (Vector128<long> lower, Vector128<long> upper) = Vector128.Widen(products);
                        aLow += lower;
                        aHigh += upper;
                    }
                    Vector128<long> rLow = Vector128.ShiftRightArithmetic(aLow, shift) + (Vector128.ShiftRightArithmetic(aLow, shift - 1) & Vector128<long>.One);
                    Vector128<long> rHigh = Vector128.ShiftRightArithmetic(aHigh, shift) + (Vector128.ShiftRightArithmetic(aHigh, shift - 1) & Vector128<long>.One);
                    (Vector128<long> wLow, Vector128<long> wHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref w0, (nuint)j));
                    Vector128.NarrowWithSaturation(wLow - rLow, wHigh - rHigh).StoreUnsafe(ref w0, (nuint)j);   // sat32
                }
                PortableWeightUpdateKernel.Instance.SubtractColumns(masters, o, pairedInputs, count, pairs, pairStride, pairCount, shift, whole);
            }
        }

        public void PrepareRows(long[] steps, int units, int pairCount, int[] biases, int biasShift, int shiftBase, int[] pairs, int[] shifts)
        {
            PortableWeightUpdateKernel.Instance.PrepareRows(steps, units, pairCount, biases, biasShift, shiftBase, pairs, shifts);
        }

        public void PackInput(short[] input, int count, int[] pairedInputs, int rowStart, bool high)
        {
            const int Shorts = 8;
            if (!IsSupported || count < Shorts)
            {
                PortableWeightUpdateKernel.Instance.PackInput(input, count, pairedInputs, rowStart, high);
                return;
            }
            if (input.Length < count || (uint)rowStart > (uint)pairedInputs.Length || pairedInputs.Length - rowStart < count)
                throw new System.ArgumentException("arrays shorter than the input");
            ref short x0 = ref input[0];
            ref int d0 = ref pairedInputs[rowStart];
            int j = 0;
            if (high)
            {
                for (; j + Shorts <= count; j += Shorts)
                {
                    (Vector128<int> lower, Vector128<int> upper) = Vector128.Widen(Vector128.LoadUnsafe(ref x0, (nuint)j));
                    (Vector128.LoadUnsafe(ref d0, (nuint)j) | Vector128.ShiftLeft(lower, 16)).StoreUnsafe(ref d0, (nuint)j);
                    (Vector128.LoadUnsafe(ref d0, (nuint)(j + Lanes)) | Vector128.ShiftLeft(upper, 16)).StoreUnsafe(ref d0, (nuint)(j + Lanes));
                }
                for (; j < count; j++) Unsafe.Add(ref d0, j) |= Unsafe.Add(ref x0, j) << 16;
            }
            else
            {
                for (; j + Shorts <= count; j += Shorts)
                {
                    (Vector128<uint> lower, Vector128<uint> upper) = Vector128.Widen(Vector128.LoadUnsafe(ref x0, (nuint)j).AsUInt16());
                    lower.AsInt32().StoreUnsafe(ref d0, (nuint)j);
                    upper.AsInt32().StoreUnsafe(ref d0, (nuint)(j + Lanes));
                }
                for (; j < count; j++) Unsafe.Add(ref d0, j) = (ushort)Unsafe.Add(ref x0, j);
            }
        }

        public void ScaleSteps(int[] gradient, int count, int learningRateQ16, int batchShift, long[] steps, int start)
        {
            if (!IsSupported || count < Lanes || batchShift < 0 || batchShift > 62)
            {
                PortableWeightUpdateKernel.Instance.ScaleSteps(gradient, count, learningRateQ16, batchShift, steps, start);
                return;
            }
            if (gradient.Length < count || (uint)start > (uint)steps.Length || steps.Length - start < count)
                throw new System.ArgumentException("arrays shorter than the layer");
            ref int g0 = ref gradient[0];
            ref long s0 = ref steps[start];
            Vector128<long> lr = Vector128.Create((long)learningRateQ16);
            Vector128<long> roundUp = Vector128.Create((1L << batchShift) - 1);
            int o = 0;
            for (; o + Lanes <= count; o += Lanes)
            {
                (Vector128<long> lower, Vector128<long> upper) = Vector128.Widen(Vector128.LoadUnsafe(ref g0, (nuint)o));
                Vector128<long> p = lower * lr, q = upper * lr;   // |lr · g| < 2^63: exact
                // toward zero: negative products get 2^k − 1 added before the arithmetic shift
                Vector128.ShiftRightArithmetic(p + (Vector128.ShiftRightArithmetic(p, 63) & roundUp), batchShift).StoreUnsafe(ref s0, (nuint)o);
                Vector128.ShiftRightArithmetic(q + (Vector128.ShiftRightArithmetic(q, 63) & roundUp), batchShift).StoreUnsafe(ref s0, (nuint)(o + 2));
            }
            for (; o < count; o++) Unsafe.Add(ref s0, o) = Sat.ShiftTowardZero((long)learningRateQ16 * Unsafe.Add(ref g0, o), batchShift);
        }

        public bool RoundToInt16(int[] masters, short[] values, int shift)
        {
            const int Shorts = 8;
            int count = values.Length;
            if (!IsSupported || shift < 1 || shift > 31 || count < Shorts)
                return PortableWeightUpdateKernel.Instance.RoundToInt16(masters, values, shift);
            if (masters.Length < count) throw new System.ArgumentException("masters shorter than the values");
            ref int w0 = ref masters[0];
            ref short v0 = ref values[0];
            Vector128<int> largest = Vector128<int>.Zero;   // |rounded| ≤ 2^30: no overflow
            int i = 0;
            for (; i + Shorts <= count; i += Shorts)
            {
                Vector128<int> a = Vector128.LoadUnsafe(ref w0, (nuint)i);
                Vector128<int> b = Vector128.LoadUnsafe(ref w0, (nuint)(i + Lanes));
                a = Vector128.ShiftRightArithmetic(a, shift) + (Vector128.ShiftRightArithmetic(a, shift - 1) & Vector128<int>.One);
                b = Vector128.ShiftRightArithmetic(b, shift) + (Vector128.ShiftRightArithmetic(b, shift - 1) & Vector128<int>.One);
                largest = Vector128.Max(largest, Vector128.Max(Vector128.Abs(a), Vector128.Abs(b)));
                Vector128.NarrowWithSaturation(a, b).StoreUnsafe(ref v0, (nuint)i);   // sat16
            }
            return PortableWeightUpdateKernel.RoundRest(MaxLane(largest, largest), masters, values, i, shift);
        }

        /// <summary>The largest of the eight lanes of <paramref name="a"/> and <paramref name="b"/>.</summary>
        internal static int MaxLane(Vector128<int> a, Vector128<int> b)
        {
            Vector128<int> m = Vector128.Max(a, b);
            return System.Math.Max(System.Math.Max(m.GetElement(0), m.GetElement(1)), System.Math.Max(m.GetElement(2), m.GetElement(3)));
        }
    }
}
