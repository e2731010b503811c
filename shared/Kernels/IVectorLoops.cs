namespace Edge.Core.Kernels
{
    /// <summary>
    /// Vector twins of the core's per-unit loops of a training step: <c>Softmax.Normalize</c>, a hard label's whole
    /// <c>CrossEntropy.Forward</c>, the perturbed pass
    /// (<c>Network.PerturbedHidden</c>, <c>Network.PerturbedResponse</c>), <c>StepControl.Observe</c>,
    /// <c>Rademacher</c> and <c>CrossEntropy.ColumnLosses</c>. The core keeps its own loop, the reference and what
    /// a device runs, and calls the twin first: the twin does what it can (all of the loop, a leading part, or
    /// nothing) and says how far it got, and the core's loop does the rest. Every twin must be bit-identical to
    /// that loop. A device uses <see cref="NoVectorLoops"/> (nothing done: the core's loops do all); a host plugs
    /// in its own through <see cref="KernelSet"/>. Arguments are as the core's loop has them; a twin that is not
    /// sure they fit (short arrays, sizes it does not handle) does nothing.
    /// </summary>
    public interface IVectorLoops
    {
        /// <summary>
        /// <c>Softmax.Normalize</c>'s p_i = round(e_i · 2^16 / sum) (in place is fine) for i in [0, done); returns done.
        /// </summary>
        int Normalize(int[] exponentials, int count, long sum, int[] probabilities);

        /// <summary>
        /// <c>Softmax.Exponentials</c> at temperature 1: exponentials[i] = ExpQ30(logits[offset + i] − max), max the largest
        /// of the <paramref name="count"/> logits, for i in [0, done); returns done.
        /// </summary>
        int Exponentials(int[] logits, int offset, int count, int max, int[] exponentials);

        /// <summary>
        /// <c>CrossEntropy.Forward</c> in full, at temperature 1: the loss of the <paramref name="count"/> logits from
        /// <paramref name="offset"/> against <paramref name="label"/> and, when <paramref name="gradient"/> is not null, the
        /// softmax less the label's one-hot in gradient[0, count); returns whether it ran (the core's loop runs otherwise).
        /// </summary>
        bool SoftmaxCrossEntropy(int[] logits, int offset, int count, int label, int[]? gradient, out int loss);

        /// <summary>sum[i] = sat32(a[i] + b[i]) for every i of <paramref name="sum"/>, or nothing; returns whether it ran.</summary>
        bool AddSaturated(int[] a, int[] b, int[] sum);

        /// <summary>
        /// A ReLU layer's measured responses without normalisation: response[i] = sat16(relu(sat32(pre[i] + delta[i])) − clean[i])
        /// (relu as <see cref="Relu"/> computes it, to Q4.11) for every i of <paramref name="clean"/>, or nothing;
        /// returns whether it ran.
        /// </summary>
        bool ReluResponse(int[] pre, int[] delta, short[] clean, short[] response);

        /// <summary>
        /// <c>StepControl</c>'s running mean squares, meanSquare[o] += (g_o² − meanSquare[o]) &gt;&gt; k, for o in [0, next);
        /// returns next.
        /// </summary>
        int MeanSquares(int[] gradient, long[] meanSquare, int units, int k);

        /// <summary><paramref name="sum"/> = Σ input[j] and <paramref name="squares"/> = Σ input[j]² for j in [0, next); returns next.</summary>
        int SumAndSquares(short[] input, int count, out long sum, out long squares);

        /// <summary>
        /// <c>StepControl</c>'s normalisation, gradient[o] = clip((gradient[o] · reciprocal[o]) &gt;&gt; 16, ±ClipQ16), for o in
        /// [0, next); returns next.
        /// </summary>
        int NormalizeSteps(int[] gradient, int[] reciprocal, int units);

        /// <summary>
        /// One chunk [first, end) of <c>Rademacher.Draw</c> from its word <paramref name="bits"/>, or nothing; returns whether
        /// it ran (then <paramref name="perturbed"/> is OR-ed with −1 when a unit of the chunk is perturbed).
        /// </summary>
        bool DrawChunk(uint bits, short[] activation, bool activeOnly, int first, int end, int sigma, int[] delta, ref int perturbed);

        /// <summary>
        /// <c>Rademacher.Estimate</c> without accumulation, estimate[i] = sign(δ_i) · slope (wrapping) and δ_i = 0, for i in
        /// [first, next); returns next.
        /// </summary>
        int AssignSigns(int[] delta, int first, int end, int slope, int[] estimate);

        /// <summary><c>Rademacher.KeepResponding</c> for i in [0, next); returns next.</summary>
        int KeepResponding(int[] delta, short[] response, int units);

        /// <summary><c>Rademacher.EstimateEach</c> for i in [0, next); returns next.</summary>
        int EstimateEach(int[] delta, int units, int loss0, int sigma, int[] estimate);

        /// <summary>
        /// <c>CrossEntropy.ColumnLosses</c> (its hard-label loss of every unit that responded) in full; returns how many units it
        /// evaluated, or −1 when it did nothing. With <paramref name="cleanGradient"/>, also <c>CrossEntropy.Forward</c> of the
        /// clean logits (<paramref name="cleanLoss"/>, and the gradient), or nothing at all (−1).
        /// </summary>
        int ColumnLosses(int[] clean, short[] weights, int weightExponent, int classes, int units, short[] response, int label, int[] losses,
                         int[]? cleanGradient, out int cleanLoss);
    }
}
