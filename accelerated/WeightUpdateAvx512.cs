using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Accelerated
{
    /// <summary>
    /// x86 AVX-512BW twin of <see cref="PortableWeightUpdateKernel"/>, bit-identical
    /// to it. A batch's paired products: vpmaddwd of 16 lanes of two samples' inputs against a row's
    /// broadcast pair of mantissas gives 16 exact int32 pair sums p; each lane keeps L = Σ p (wrapping)
    /// and H = Σ (p &gt;&gt; 16), and the exact int64 sum is 2^16·H + (L − 2^16·H as unsigned), the
    /// same recovery as <see cref="DenseQ3_12Avx512"/>. Then the rounding shift (vpsraq), the
    /// subtraction in int64 and the int32 saturation (vpmovsqd). A row's last partial 16 reuses the
    /// final 16 lanes, keeping those already done. Rows shorter than 16 and shifts outside 1..63
    /// (never met with sane learning rates) go to the portable loop.
    /// </summary>
    public sealed class WeightUpdateAvx512 : IWeightUpdateKernel
    {
        public static readonly WeightUpdateAvx512 Instance = new WeightUpdateAvx512();

        private const int Lanes = 16;

        public static bool IsSupported
        {
            get { return Avx512BW.IsSupported && Vector512.IsHardwareAccelerated; }
        }

        public void SubtractPairedProducts(int[] masters, int[] pairedInputs, int count, int rows, int pairCount, int[] pairs, int pairStride, int[] shifts)
        {
            // the unsigned low parts stay below 2^32 for fewer than 2^16 pairs
            if (!IsSupported || count < Lanes || pairCount < 1 || pairCount >= 1 << 15)
            {
                PortableWeightUpdateKernel.Instance.SubtractPairedProducts(masters, pairedInputs, count, rows, pairCount, pairs, pairStride, shifts);
                return;
            }
            if (rows < 1) return;
            if (masters.Length / count < rows || pairedInputs.Length / count < pairCount || shifts.Length < rows
                || pairStride < rows || pairs.Length / pairStride < pairCount)
                throw new System.ArgumentException("arrays shorter than the batch");
            ref int x0 = ref pairedInputs[0];
            nuint last = (nuint)(count - Lanes);
            // the last 16 masters of a row, of which the first 16 − count % 16 are done by the main loop
            Vector512<int> fresh = Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(Lanes - count % Lanes));
            for (int o = 0; o < rows; o++)
            {
                int shift = shifts[o];
                if (shift == PortableWeightUpdateKernel.NoChange) continue;
                if (shift < 1 || shift > 63)
                {
                    PortableWeightUpdateKernel.Instance.SubtractRow(masters, o, pairedInputs, count, pairs, pairStride, pairCount, shift);
                    continue;
                }
                if (pairCount == FullPairs)
                {
                    SubtractRowOfFullBatch(masters, o, ref x0, count, pairs, pairStride, shift, fresh);
                    continue;
                }
                ref int w0 = ref masters[o * count];
                ref int p0 = ref pairs[o];
                Vector128<long> s = Vector128.CreateScalar((long)shift);
                Vector128<long> s1 = Vector128.CreateScalar((long)shift - 1);
                int j = 0;
                for (; j + Lanes <= count; j += Lanes)
                {
                    Vector512<int> w = Vector512.LoadUnsafe(ref w0, (nuint)j);
                    Subtracted(w, ref x0, (nuint)j, (nuint)count, ref p0, pairStride, pairCount, s, s1).StoreUnsafe(ref w0, (nuint)j);
                }
                if (j < count)
                {
                    Vector512<int> w = Vector512.LoadUnsafe(ref w0, last);
                    Vector512.ConditionalSelect(fresh, Subtracted(w, ref x0, last, (nuint)count, ref p0, pairStride, pairCount, s, s1), w).StoreUnsafe(ref w0, last);
                }
            }
        }

        /// <summary>The pairs of a full batch (<see cref="Edge.Core.Learning.MasterWeights.Capacity"/> samples).</summary>
        private const int FullPairs = 8;

        /// <summary>
        /// Row o of a full batch: its eight pairs of mantissas broadcast once for the whole row and held in registers
        /// (the general loop reloads them, and keeps its counter in memory, for every 16 masters). The same sums,
        /// in the same order, as <see cref="Subtracted"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void SubtractRowOfFullBatch(int[] masters, int o, ref int x0, int count, int[] pairs, int pairStride, int shift, Vector512<int> fresh)
        {
            Vector512<short> p0 = Vector512.Create(pairs[o]).AsInt16(), p1 = Vector512.Create(pairs[pairStride + o]).AsInt16();
            Vector512<short> p2 = Vector512.Create(pairs[2 * pairStride + o]).AsInt16(), p3 = Vector512.Create(pairs[3 * pairStride + o]).AsInt16();
            Vector512<short> p4 = Vector512.Create(pairs[4 * pairStride + o]).AsInt16(), p5 = Vector512.Create(pairs[5 * pairStride + o]).AsInt16();
            Vector512<short> p6 = Vector512.Create(pairs[6 * pairStride + o]).AsInt16(), p7 = Vector512.Create(pairs[7 * pairStride + o]).AsInt16();
            Vector128<long> s = Vector128.CreateScalar((long)shift);
            Vector128<long> s1 = Vector128.CreateScalar((long)shift - 1);
            ref int w0 = ref masters[o * count];
            nuint stride = (nuint)count;
            for (int j = 0; ; j += Lanes)
            {
                bool tail = j + Lanes > count;
                nuint at = tail ? (nuint)(count - Lanes) : (nuint)j;
                ref int x = ref Unsafe.Add(ref x0, at);
                Vector512<int> low = Vector512<int>.Zero, high = Vector512<int>.Zero, m;
                m = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref x).AsInt16(), p0); low += m; high += Avx512F.ShiftRightArithmetic(m, 16);
                m = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref x, stride).AsInt16(), p1); low += m; high += Avx512F.ShiftRightArithmetic(m, 16);
                m = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref x, 2 * stride).AsInt16(), p2); low += m; high += Avx512F.ShiftRightArithmetic(m, 16);
                m = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref x, 3 * stride).AsInt16(), p3); low += m; high += Avx512F.ShiftRightArithmetic(m, 16);
                m = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref x, 4 * stride).AsInt16(), p4); low += m; high += Avx512F.ShiftRightArithmetic(m, 16);
                m = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref x, 5 * stride).AsInt16(), p5); low += m; high += Avx512F.ShiftRightArithmetic(m, 16);
                m = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref x, 6 * stride).AsInt16(), p6); low += m; high += Avx512F.ShiftRightArithmetic(m, 16);
                m = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref x, 7 * stride).AsInt16(), p7); low += m; high += Avx512F.ShiftRightArithmetic(m, 16);
                Vector512<uint> lowParts = (low - Avx512F.ShiftLeftLogical(high, 16)).AsUInt32();
                Vector512<int> w = Vector512.LoadUnsafe(ref w0, at);
                Vector256<int> lower = Finish(w.GetLower(), high.GetLower(), lowParts.GetLower(), s, s1);
                Vector256<int> upper = Finish(w.GetUpper(), high.GetUpper(), lowParts.GetUpper(), s, s1);
                Vector512<int> result = Vector512.Create(lower, upper);
                if (tail)
                {
                    // the last 16 masters overlap the ones already done: keep those
                    Vector512.ConditionalSelect(fresh, result, w).StoreUnsafe(ref w0, at);
                    break;
                }
                result.StoreUnsafe(ref w0, at);
                if (j + Lanes == count) break;
            }
        }

        /// <summary>sat32(w − round(a / 2^s)) on the 16 lanes starting at column j.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<int> Subtracted(Vector512<int> w, ref int x0, nuint j, nuint count, ref int p0, int pairStride, int pairCount,
                                                 Vector128<long> s, Vector128<long> s1)
        {
            Vector512<int> low = Vector512<int>.Zero, high = Vector512<int>.Zero;
            for (int q = 0; q < pairCount; q++)
            {
                Vector512<short> x = Vector512.LoadUnsafe(ref x0, (nuint)q * count + j).AsInt16();
                Vector512<int> p = Avx512BW.MultiplyAddAdjacent(x, Vector512.Create(Unsafe.Add(ref p0, q * pairStride)).AsInt16());
                low += p;
                high += Avx512F.ShiftRightArithmetic(p, 16);
            }
            Vector512<uint> lowParts = (low - Avx512F.ShiftLeftLogical(high, 16)).AsUInt32();
            Vector256<int> lower = Finish(w.GetLower(), high.GetLower(), lowParts.GetLower(), s, s1);
            Vector256<int> upper = Finish(w.GetUpper(), high.GetUpper(), lowParts.GetUpper(), s, s1);
            return Vector512.Create(lower, upper);
        }

        /// <summary>Eight lanes: a = 2^16·H + low (exact int64), r = round(a / 2^s), sat32(w − r).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<int> Finish(Vector256<int> w, Vector256<int> high, Vector256<uint> lowParts, Vector128<long> s, Vector128<long> s1)
        {
            Vector512<long> a = Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int64(high), 16)
                              + Avx512F.ConvertToVector512UInt64(lowParts).AsInt64();
            Vector512<long> r = Avx512F.ShiftRightArithmetic(a, s) + (Avx512F.ShiftRightArithmetic(a, s1) & Vector512<long>.One);
            return Avx512F.ConvertToVector256Int32WithSaturation(Avx512F.ConvertToVector512Int64(w) - r);   // vpmovsqd
        }

        public void PrepareRows(long[] steps, int units, int pairCount, int[] biases, int biasShift, int shiftBase, int[] pairs, int[] shifts)
        {
            const int LongLanes = 8;
            if (!Avx512CD.IsSupported || !Avx512DQ.IsSupported || !IsSupported || biasShift < 1 || biasShift > 63)
            {
                PortableWeightUpdateKernel.Instance.PrepareRows(steps, units, pairCount, biases, biasShift, shiftBase, pairs, shifts);
                return;
            }
            if (steps.Length / System.Math.Max(units, 1) < 2 * pairCount || biases.Length < units || shifts.Length < units || pairs.Length / System.Math.Max(units, 1) < pairCount)
                throw new System.ArgumentException("arrays shorter than the batch");
            Vector512<long> one = Vector512<long>.One;
            Vector512<long> mantissaMax = Vector512.Create((long)short.MaxValue);
            Vector128<long> bias = Vector128.CreateScalar((long)biasShift);
            Vector128<long> bias1 = Vector128.CreateScalar((long)biasShift - 1);
            int o = 0;
            for (; o + LongLanes <= units; o += LongLanes)
            {
                // eight units at once, across the batch's samples
                ref long c0 = ref steps[o];
                Vector512<long> largest = Vector512<long>.Zero, sum = Vector512<long>.Zero;
                for (int b = 0; b < 2 * pairCount; b++)
                {
                    Vector512<long> c = Vector512.LoadUnsafe(ref c0, (nuint)(b * units));
                    sum += c;
                    largest = Avx512F.Max(largest, Avx512F.Abs(c).AsInt64());
                }
                Vector512<long> e = Vector512.Create(64L) - Avx512CD.LeadingZeroCount(largest.AsUInt64()).AsInt64() - Vector512.Create(15L);
                e = Avx512F.Max(e, Vector512<long>.Zero);
                Vector512<long> half = Avx512F.ShiftRightLogical(Avx512F.ShiftLeftLogicalVariable(one, e.AsUInt64()), 1);
                Vector512<long> m = Avx512F.ShiftRightArithmeticVariable(largest + half, e.AsUInt64());
                e -= Vector512.GreaterThan(m, mantissaMax);   // all ones (−1) where rounding reached 32768: one more
                half = Avx512F.ShiftRightLogical(Avx512F.ShiftLeftLogicalVariable(one, e.AsUInt64()), 1);
                for (int q = 0; q < pairCount; q++)
                {
                    Vector512<long> m0 = Avx512F.ShiftRightArithmeticVariable(Vector512.LoadUnsafe(ref c0, (nuint)(2 * q * units)) + half, e.AsUInt64());
                    Vector512<long> m1 = Avx512F.ShiftRightArithmeticVariable(Vector512.LoadUnsafe(ref c0, (nuint)((2 * q + 1) * units)) + half, e.AsUInt64());
                    Avx512F.ConvertToVector256Int32((m0 & Vector512.Create(0xFFFFL)) | Avx512F.ShiftLeftLogical(m1, 16)).StoreUnsafe(ref pairs[q * units + o]);
                }
                Vector512<long> moves = ~Vector512.Equals(largest, Vector512<long>.Zero);
                Vector256<int> shift = Avx512F.ConvertToVector256Int32(Vector512.Create((long)shiftBase) - e);
                Vector256.ConditionalSelect(Avx512F.ConvertToVector256Int32(moves), shift, Vector256.Create(PortableWeightUpdateKernel.NoChange)).StoreUnsafe(ref shifts[o]);
                // a unit that does not move has sum 0, so its bias is stored back unchanged
                Vector512<long> r = Avx512F.ShiftRightArithmetic(sum, bias) + (Avx512F.ShiftRightArithmetic(sum, bias1) & one);
                Avx512F.ConvertToVector256Int32WithSaturation(Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref biases[o])) - r).StoreUnsafe(ref biases[o]);
            }
            for (; o < units; o++) PortableWeightUpdateKernel.Instance.PrepareRow(steps, units, pairCount, biases, biasShift, shiftBase, pairs, shifts, o);
        }

        public void PackInput(short[] input, int count, int[] pairedInputs, int rowStart, bool high)
        {
            if (!IsSupported || count < Lanes)
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
                for (; j + Lanes <= count; j += Lanes)
                {
                    Vector512<int> x = Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref x0, (nuint)j)), 16);
                    (Vector512.LoadUnsafe(ref d0, (nuint)j) | x).StoreUnsafe(ref d0, (nuint)j);
                }
                for (; j < count; j++) Unsafe.Add(ref d0, j) |= Unsafe.Add(ref x0, j) << 16;
            }
            else
            {
                for (; j + Lanes <= count; j += Lanes)
                    Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref x0, (nuint)j).AsUInt16()).StoreUnsafe(ref d0, (nuint)j);
                for (; j < count; j++) Unsafe.Add(ref d0, j) = (ushort)Unsafe.Add(ref x0, j);
            }
        }

        public void ScaleSteps(int[] gradient, int count, int learningRateQ16, int batchShift, long[] steps, int start)
        {
            const int LongLanes = 8;
            if (!Avx512DQ.IsSupported || !IsSupported || count < LongLanes || batchShift < 0 || batchShift > 62)
            {
                PortableWeightUpdateKernel.Instance.ScaleSteps(gradient, count, learningRateQ16, batchShift, steps, start);
                return;
            }
            if (gradient.Length < count || (uint)start > (uint)steps.Length || steps.Length - start < count)
                throw new System.ArgumentException("arrays shorter than the layer");
            ref int g0 = ref gradient[0];
            ref long s0 = ref steps[start];
            Vector512<long> lr = Vector512.Create((long)learningRateQ16);
            Vector512<long> roundUp = Vector512.Create((1L << batchShift) - 1);
            Vector128<long> k = Vector128.CreateScalar((long)batchShift);
            int o = 0;
            for (; o + LongLanes <= count; o += LongLanes)
            {
                Vector512<long> p = Avx512DQ.MultiplyLow(Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref g0, (nuint)o)), lr);
                Vector512<long> c = Avx512F.ShiftRightArithmetic(p + (Avx512F.ShiftRightArithmetic(p, 63) & roundUp), k);
                c.StoreUnsafe(ref s0, (nuint)o);
            }
            for (; o < count; o++) Unsafe.Add(ref s0, o) = Sat.ShiftTowardZero((long)learningRateQ16 * Unsafe.Add(ref g0, o), batchShift);
        }

        public bool RoundToInt16(int[] masters, short[] values, int shift)
        {
            int count = values.Length;
            if (!IsSupported || shift < 1 || shift > 31 || count < Lanes)
                return PortableWeightUpdateKernel.Instance.RoundToInt16(masters, values, shift);
            if (masters.Length < count) throw new System.ArgumentException("masters shorter than the values");
            ref int w0 = ref masters[0];
            ref short v0 = ref values[0];
            Vector512<int> one = Vector512<int>.One;
            Vector512<int> largest = Vector512<int>.Zero;   // |rounded| ≤ 2^30: no overflow
            int i = 0;
            for (; i + Lanes <= count; i += Lanes)
            {
                Vector512<int> w = Vector512.LoadUnsafe(ref w0, (nuint)i);
                Vector512<int> r = Vector512.ShiftRightArithmetic(w, shift) + (Vector512.ShiftRightArithmetic(w, shift - 1) & one);
                largest = Vector512.Max(largest, Vector512.Abs(r));
                Avx512F.ConvertToVector256Int16WithSaturation(r).StoreUnsafe(ref v0, (nuint)i);   // vpmovsdw: sat16
            }
            Vector256<int> half = Vector256.Max(largest.GetLower(), largest.GetUpper());
            return PortableWeightUpdateKernel.RoundRest(WeightUpdateVector128.MaxLane(half.GetLower(), half.GetUpper()), masters, values, i, shift);
        }
    }
}
