using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Edge.Core.Kernels;
using Edge.Core.Learning;
using Edge.Core.Numerics;

namespace Edge.Accelerated
{
    /// <summary>
    /// x86 AVX-512 (F/BW/DQ, and CD/VBMI for the column losses) twins of the core's per-unit loops
    /// (<see cref="IVectorLoops"/>), bit-identical to them:
    /// - Softmax.Exponentials at temperature 1, up to 16 classes in one vector (FixedVectors.Exp);
    /// - CrossEntropy.Forward of a hard label in full, 8 to 16 classes in one vector;
    /// - Softmax.Normalize, eight classes per vector (a last partial eight as the eight ending at the last class): the
    ///   exact integer quotient from a double division (numerator below 2^48 and sum are exact doubles, so the truncated
    ///   quotient is off by at most one), corrected by the remainder;
    /// - the perturbed pass's saturating add, and a ReLU layer's measured responses sat16(relu(sat32(z + δ)) − h) on 16
    ///   units at once, with ReLU's rounding shift and vpmovsdw for its saturation, and vpsubsw for the response's;
    /// - StepControl.Observe: the running mean squares on 8 int64 lanes (vpmuldq for g², vpsraq), the input's sum of squares
    ///   by vpmaddwd (a pair of squares is at most 2^31: exact as an unsigned int32) widened into int64 lanes, and the
    ///   normalisation g·(1/RMS) &gt;&gt; 16 with its clip on 8 int64 lanes (vpminsq/vpmaxsq), narrowed;
    /// - Rademacher, 16 units per vector: the direction's bits spread to lanes by a variable shift, δ cleared where the
    ///   widened response is 0, and the estimate's sign(δ)·slope as a select between +slope, −slope and 0;
    /// - CrossEntropy.ColumnLosses, with or without the clean logits' own loss: <see cref="ColumnLossesAvx512"/>.
    /// Every method does nothing (the core's loop runs) where the machine lacks the instructions.
    /// </summary>
    public sealed class VectorLoopsAvx512 : IVectorLoops
    {
        public static readonly VectorLoopsAvx512 Instance = new VectorLoopsAvx512();

        private const int Lanes = 16;
        private const int LongLanes = 8;

        public static bool IsSupported
        {
            get { return Avx512BW.IsSupported && Avx512DQ.IsSupported && Vector512.IsHardwareAccelerated; }
        }

        public int Normalize(int[] exponentials, int count, long sum, int[] probabilities)
        {
            if (!IsSupported || sum <= 0 || count < LongLanes || exponentials.Length < count || probabilities.Length < count) return 0;
            Vector512<long> divisor = Vector512.Create(sum);
            Vector512<double> divisorDouble = Vector512.Create((double)sum);
            Vector512<long> half = Vector512.Create(sum >> 1);
            // a count that is not a multiple of 8 ends with the last eight, which overlap the vector before them: read and
            // divided before anything is stored (the quotients may go in place), stored last, the overlap with equal values
            int last = count - LongLanes;
            Vector256<int> lastEight = Vector256.LoadUnsafe(ref exponentials[last]);
            // the correction below floors; the core's division truncates: negative exponentials (never a softmax's) go to its loop
            bool lastDone = count % LongLanes != 0 && !Vector256.LessThanAny(lastEight, Vector256<int>.Zero);
            Vector256<int> lastQuotients = lastDone ? Quotients(lastEight, divisor, divisorDouble, half) : default;
            int i = 0;
            for (; i + LongLanes <= count; i += LongLanes)
            {
                Vector256<int> e = Vector256.LoadUnsafe(ref exponentials[i]);
                if (Vector256.LessThanAny(e, Vector256<int>.Zero)) return i;
                Quotients(e, divisor, divisorDouble, half).StoreUnsafe(ref probabilities[i]);
            }
            if (!lastDone) return i;
            lastQuotients.StoreUnsafe(ref probabilities[last]);
            return count;
        }

        /// <summary>round(e·2^16 / sum) of eight exponentials e ≥ 0: the double's quotient, corrected by the remainder.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<int> Quotients(Vector256<int> e, Vector512<long> divisor, Vector512<double> divisorDouble, Vector512<long> half)
        {
            Vector512<long> numerator = Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int64(e), Q.ValueFrac) + half;
            Vector512<long> q = Avx512DQ.ConvertToVector512Int64WithTruncation(Avx512DQ.ConvertToVector512Double(numerator) / divisorDouble);
            Vector512<long> r = numerator - Avx512DQ.MultiplyLow(q, divisor);
            q += Vector512.LessThan(r, Vector512<long>.Zero);          // −1 where the double overshot
            q -= Vector512.GreaterThanOrEqual(r, divisor);             // +1 where it fell short
            return Avx512F.ConvertToVector256Int32(q);
        }

        public int Exponentials(int[] logits, int offset, int count, int max, int[] exponentials)
        {
            if (!FixedVectors.IsSupported || count < 1 || count > Lanes || offset < 0 || logits.Length - offset < count
                || exponentials.Length < count) return 0;
            int[] z = _logits ??= new int[Lanes];
            System.Array.Copy(logits, offset, z, 0, count);
            ExponentialsOfOneVector(z, count, max, exponentials, FixedVectors.ExpPlanes);
            return count;
        }

        /// <summary>The logits of one softmax, copied into whole-vector room (a softmax has fewer classes than lanes).</summary>
        [System.ThreadStatic] private static int[]? _logits;

        /// <summary>
        /// e_i = ExpQ30(z_i − max) for the first <paramref name="count"/> lanes of z: a = max − z is exact as an unsigned
        /// int32 (max is the largest z).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void ExponentialsOfOneVector(int[] z, int count, int max, int[] exponentials, Vector512<byte>[] planes)
        {
            Vector512<uint> a = (Vector512.Create(max) - Vector512.LoadUnsafe(ref z[0])).AsUInt32();
            FixedVectors.Exp(planes, a).StoreUnsafe(ref z[0]);
            System.Array.Copy(z, 0, exponentials, 0, count);
        }

        public bool SoftmaxCrossEntropy(int[] logits, int offset, int count, int label, int[]? gradient, out int loss)
        {
            loss = 0;
            if (!IsSupported || !FixedVectors.IsSupported || count < LongLanes || count > Lanes || offset < 0 || logits.Length - offset < count
                || (uint)label >= (uint)count || (gradient != null && gradient.Length < count)) return false;
            loss = CrossEntropyOfOneVector(logits, offset, count, label, gradient, FixedVectors.ExpPlanes);
            return true;
        }

        /// <summary>
        /// The softmax cross-entropy of 8 to 16 logits in one vector: the largest, e_i = ExpQ30(z_i − max)
        /// (<see cref="FixedVectors.Exp(Vector512{byte}[], Vector512{uint})"/>), their exact sum, ln(sum) as the core computes it,
        /// and p_i = round(e_i·2^16 / sum) as <see cref="Normalize"/> divides. The logits are read one by one: they were just
        /// stored so by the layer below, and a vector load over several stores waits for them all.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int CrossEntropyOfOneVector(int[] logits, int offset, int count, int label, int[]? gradient, Vector512<byte>[] planes)
        {
            ref int first = ref logits[offset];
            Vector512<int> z = Vector512.Create(Vector256.Create(Four(ref first, 0, count), Four(ref first, 4, count)),
                                                Vector256.Create(Four(ref first, 8, count), Four(ref first, 12, count)));
            Vector256<int> max8 = Vector256.Max(z.GetLower(), z.GetUpper());
            int max = WeightUpdateVector128.MaxLane(max8.GetLower(), max8.GetUpper());
            // a = max − z, exact as an unsigned int32; the lanes past count (int.MinValue) are cleared after the exponential
            Vector512<int> used = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count));
            Vector512<int> e = FixedVectors.Exp(planes, (Vector512.Create(max) - z).AsUInt32()) & used;
            Vector512<long> low = Avx512F.ConvertToVector512Int64(e.GetLower()), high = Avx512F.ConvertToVector512Int64(e.GetUpper());
            long sum = Vector512.Sum(low + high);   // at most 16 · 2^30
            if (gradient != null) Gradient(e, sum, count, label, gradient);
            int labelLogit = Avx512F.PermuteVar16x32(z, Vector512.Create(label)).ToScalar();
            return Sat.ToInt32(FixedLog.LnQ16(sum, Q.TableFrac) - ((long)labelLogit - max));
        }

        /// <summary>
        /// gradient[i] = p_i − [i = label] for the 8 to 16 classes of one vector of exponentials e (0 past count) and their
        /// exact sum: p_i = round(e_i·2^16 / sum), as <see cref="Softmax.Normalize"/> divides.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void Gradient(Vector512<int> e, long sum, int count, int label, int[] gradient)
        {
            Vector512<long> divisor = Vector512.Create(sum), half = Vector512.Create(sum >> 1);
            Vector512<double> divisorDouble = Vector512.Create((double)sum);
            Vector512<int> p = Vector512.Create(Quotients(e.GetLower(), divisor, divisorDouble, half), Quotients(e.GetUpper(), divisor, divisorDouble, half));
            p -= Vector512.Equals(Vector512<int>.Indices, Vector512.Create(label)) & Vector512.Create(Q.One16);   // the label's one-hot
            // two plain stores of eight, the second ending at count
            p.GetLower().StoreUnsafe(ref gradient[0]);
            Avx512F.PermuteVar16x32(p, Vector512<int>.Indices + Vector512.Create(count - LongLanes)).GetLower().StoreUnsafe(ref gradient[0], (nuint)(count - LongLanes));
        }

        /// <summary>Logits i .. i + 3 from <paramref name="first"/>, int.MinValue past <paramref name="count"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<int> Four(ref int first, int i, int count)
        {
            if (i + 4 <= count) return Vector128.Create(Unsafe.Add(ref first, i), Unsafe.Add(ref first, i + 1), Unsafe.Add(ref first, i + 2), Unsafe.Add(ref first, i + 3));
            return Vector128.Create(i < count ? Unsafe.Add(ref first, i) : int.MinValue, i + 1 < count ? Unsafe.Add(ref first, i + 1) : int.MinValue,
                                    i + 2 < count ? Unsafe.Add(ref first, i + 2) : int.MinValue, int.MinValue);
        }

        public bool AddSaturated(int[] a, int[] b, int[] sum)
        {
            int count = sum.Length;
            if (!IsSupported || count < Lanes || a.Length < count || b.Length < count) return false;
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
            return true;
        }

        public bool ReluResponse(int[] pre, int[] delta, short[] clean, short[] response)
        {
            const int shift = Q.ValueFrac - Q.ActivationFrac;
            int count = clean.Length;
            if (!IsSupported || count < Lanes || pre.Length < count || delta.Length < count || response.Length < count) return false;
            Vector512<int> max = Vector512.Create(int.MaxValue);
            for (int i = 0; ; i += Lanes)
            {
                if (i + Lanes > count) i = count - Lanes;   // the last 16, overlapping: the same values again
                Vector512<int> x = Vector512.LoadUnsafe(ref pre[i]);
                Vector512<int> y = Vector512.LoadUnsafe(ref delta[i]);
                Vector512<int> s = x + y;
                Vector512<int> overflow = Avx512F.ShiftRightArithmetic((x ^ s) & (y ^ s), 31);
                Vector512<int> z = Vector512.ConditionalSelect(overflow, Avx512F.ShiftRightArithmetic(x, 31) ^ max, s);
                z = Vector512.Max(z, Vector512<int>.Zero);
                // Sat.ShiftRound16(z, 5): (z >> 5) + bit 4, then the int16 saturation
                Vector512<int> rounded = Vector512.ShiftRightArithmetic(z, shift) + (Vector512.ShiftRightArithmetic(z, shift - 1) & Vector512<int>.One);
                Vector256<short> h = Avx512F.ConvertToVector256Int16WithSaturation(rounded);
                Avx2.SubtractSaturate(h, Vector256.LoadUnsafe(ref clean[i])).StoreUnsafe(ref response[i]);
                if (i + Lanes >= count) break;
            }
            return true;
        }

        public int MeanSquares(int[] gradient, long[] meanSquare, int units, int k)
        {
            int next = 0;
            if (!IsSupported || gradient.Length < units || meanSquare.Length < units) return 0;
            for (; next + LongLanes <= units; next += LongLanes)
            {
                Vector512<long> g = Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref gradient[next]));
                Vector512<long> m = Vector512.LoadUnsafe(ref meanSquare[next]);
                Vector512<long> square = Avx512F.Multiply(g.AsInt32(), g.AsInt32());   // vpmuldq: the low halves, signed: g² exactly
                (m + Vector512.ShiftRightArithmetic(square - m, k)).StoreUnsafe(ref meanSquare[next]);
            }
            return next;
        }

        public int SumAndSquares(short[] input, int count, out long sum, out long squares)
        {
            const int Shorts = 32;
            sum = 0;
            squares = 0;
            int next = 0;
            if (!IsSupported || input.Length < count || count < Shorts) return 0;
            Vector512<ulong> squareSums = Vector512<ulong>.Zero;
            Vector512<long> sums = Vector512<long>.Zero;
            Vector512<short> ones = Vector512.Create((short)1);
            for (; next + Shorts <= count; next += Shorts)
            {
                Vector512<short> x = Vector512.LoadUnsafe(ref input[next]);
                // x_a² + x_b² ≤ 2^31: vpmaddwd's int32 wraps only at −32768 twice, which as unsigned is exact
                Vector512<uint> pairs = Avx512BW.MultiplyAddAdjacent(x, x).AsUInt32();
                squareSums += Avx512F.ConvertToVector512UInt64(pairs.GetLower()) + Avx512F.ConvertToVector512UInt64(pairs.GetUpper());
                Vector512<int> pairSums = Avx512BW.MultiplyAddAdjacent(x, ones);   // x_a + x_b, exact
                sums += Avx512F.ConvertToVector512Int64(pairSums.GetLower()) + Avx512F.ConvertToVector512Int64(pairSums.GetUpper());
            }
            sum = Vector512.Sum(sums);
            squares = (long)Vector512.Sum(squareSums);
            return next;
        }

        public int NormalizeSteps(int[] gradient, int[] reciprocal, int units)
        {
            int next = 0;
            if (!IsSupported || gradient.Length < units || reciprocal.Length < units) return 0;
            Vector512<long> clip = Vector512.Create((long)StepControl.ClipQ16);
            for (; next + LongLanes <= units; next += LongLanes)
            {
                Vector512<long> g = Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref gradient[next]));
                Vector512<long> r = Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref reciprocal[next]));
                Vector512<long> c = Vector512.ShiftRightArithmetic(Avx512F.Multiply(g.AsInt32(), r.AsInt32()), Q.ValueFrac);
                Avx512F.ConvertToVector256Int32(Vector512.Min(Vector512.Max(c, -clip), clip)).StoreUnsafe(ref gradient[next]);
            }
            return next;
        }

        public bool DrawChunk(uint bits, short[] activation, bool activeOnly, int first, int end, int sigma, int[] delta, ref int perturbed)
        {
            // whole chunks of 32 only (the last, partial chunk of a group takes the portable loop)
            if (!IsSupported || end - first != 2 * Lanes || first < 0 || activation.Length < end || delta.Length < end) return false;
            Vector512<uint> word = Vector512.Create(bits);
            Vector512<int> plus = Vector512.Create(sigma);
            Vector512<int> any = Vector512<int>.Zero;
            for (int half = 0; half < 2; half++)
            {
                int start = first + half * Lanes;
                // lane i: bit (half·16 + i) of the word
                Vector512<uint> shifts = Vector512<uint>.Indices + Vector512.Create((uint)(half * Lanes));
                Vector512<int> negative = (Avx512F.ShiftRightLogicalVariable(word, shifts) & Vector512<uint>.One).AsInt32() - Vector512<int>.One;
                Vector512<int> keep = Vector512<int>.AllBitsSet;
                if (activeOnly)
                {
                    Vector512<int> a = Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref activation[start]));
                    keep = ~Vector512.Equals(a, Vector512<int>.Zero);
                }
                (((plus ^ negative) - negative) & keep).StoreUnsafe(ref delta[start]);
                any |= keep;
            }
            perturbed |= Vector512.EqualsAny(any, Vector512<int>.AllBitsSet) ? -1 : 0;
            return true;
        }

        public int AssignSigns(int[] delta, int first, int end, int slope, int[] estimate)
        {
            int next = first;
            if (!IsSupported || end - first < Lanes || first < 0 || delta.Length < end || estimate.Length < end) return first;
            Vector512<int> positive = Vector512.Create(slope);
            Vector512<int> negative = Vector512.Create(unchecked(-slope));   // wraps for int.MinValue, as sign · slope does
            // whole vectors only: an overlapping last one would see the δ already cleared
            for (; next + Lanes <= end; next += Lanes)
            {
                Vector512<int> d = Vector512.LoadUnsafe(ref delta[next]);
                Vector512<int> value = Vector512.ConditionalSelect(Vector512.GreaterThan(d, Vector512<int>.Zero), positive,
                                       Vector512.ConditionalSelect(Vector512.LessThan(d, Vector512<int>.Zero), negative, Vector512<int>.Zero));
                value.StoreUnsafe(ref estimate[next]);
                Vector512<int>.Zero.StoreUnsafe(ref delta[next]);
            }
            return next;
        }

        public int KeepResponding(int[] delta, short[] response, int units)
        {
            if (!IsSupported || units < Lanes || delta.Length < units || response.Length < units) return 0;
            for (int i = 0; ; i += Lanes)
            {
                if (i + Lanes > units) i = units - Lanes;   // the last 16, overlapping: clearing again changes nothing
                Vector512<int> r = Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref response[i]));
                (Vector512.LoadUnsafe(ref delta[i]) & ~Vector512.Equals(r, Vector512<int>.Zero)).StoreUnsafe(ref delta[i]);
                if (i + Lanes >= units) break;
            }
            return units;
        }

        public int EstimateEach(int[] delta, int units, int loss0, int sigma, int[] estimate)
        {
            int next = 0;
            if (!IsSupported || sigma <= 0 || delta.Length < units || estimate.Length < units) return 0;
            Vector512<long> reference = Vector512.Create((long)loss0);
            Vector512<long> divisor = Vector512.Create((long)sigma);
            Vector512<double> reciprocal = Vector512.Create(1.0 / sigma);
            for (; next + LongLanes <= units; next += LongLanes)
            {
                // |(L − L0) · 2^16| < 2^48: exact as a double; times the rounded 1/σ it is within 2^−4 of the quotient
                // (two roundings of 2^−53 each, on a quotient below 2^48), so truncated it is off by at most one, which the
                // remainder corrects (a multiply: a vector division is slow); then the sign: C#'s quotient toward zero
                Vector512<long> numerator = Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref estimate[next])) - reference, 16);
                Vector512<long> negative = Avx512F.ShiftRightArithmetic(numerator, 63);
                Vector512<long> magnitude = (numerator ^ negative) - negative;
                Vector512<long> q = Avx512DQ.ConvertToVector512Int64WithTruncation(Avx512DQ.ConvertToVector512Double(magnitude) * reciprocal);
                Vector512<long> r = magnitude - Avx512DQ.MultiplyLow(q, divisor);
                q += Vector512.LessThan(r, Vector512<long>.Zero);          // −1 where the double overshot
                q -= Vector512.GreaterThanOrEqual(r, divisor);             // +1 where it fell short
                Vector256<int> slope = Avx512F.ConvertToVector256Int32WithSaturation((q ^ negative) - negative);   // vpmovsqd: sat32
                Vector256<int> d = Vector256.LoadUnsafe(ref delta[next]);
                Vector256<int> value = Vector256.ConditionalSelect(Vector256.GreaterThan(d, Vector256<int>.Zero), slope,
                                       Vector256.ConditionalSelect(Vector256.LessThan(d, Vector256<int>.Zero), Vector256<int>.Zero - slope, Vector256<int>.Zero));
                value.StoreUnsafe(ref estimate[next]);
            }
            return next;
        }

        public int ColumnLosses(int[] clean, short[] weights, int weightExponent, int classes, int units, short[] response, int label, int[] losses,
                                int[]? cleanGradient, out int cleanLoss)
        {
            return ColumnLossesAvx512.Run(clean, weights, weightExponent, classes, units, response, label, losses, cleanGradient, out cleanLoss);
        }
    }
}
