using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Core.Model
{
    /// <summary>
    /// A stack of dense layers: hidden units with a pluggable nonlinearity, then a linear logit layer.
    /// Built once with every buffer preallocated; forward passes allocate nothing.
    ///
    /// Formats: inputs int16 Q0.15; weights and biases int16 Q3.12, row-major [out, in], or
    /// Q(3+e).(12−e) where a layer's weight exponent e has been raised (<see cref="WeightExponents"/>);
    /// pre-activations and logits int32 Q15.16; hidden activations int16 Q4.11.
    ///
    /// Besides the clean pass, the network offers a perturbed pass from one hidden layer up: the
    /// caller adds δ (e.g. σ·u) to that layer's pre-activations and the upper layers are recomputed
    /// in scratch buffers, so the clean activations stay available for the weight updates. Where the
    /// layer above is a digital linear head, a unit's nudge reaches the logits only through its own
    /// column of weights: <see cref="PerturbedResponse"/> measures every unit's Δh through the real
    /// nonlinearity at once and <see cref="AddColumns"/> moves the head's logits by Δh_i · W[:, i].
    /// The nonlinearity is only ever evaluated forward: learners never see its derivative.
    /// </summary>
    public sealed class Network
    {
        /// <summary>Mean |h| that hidden activations are scaled to when normalisation is on: 0.5 in Q4.11.</summary>
        public const int NormalizedMeanQ11 = Q.OneActivation / 2;
        /// <summary>ε added to mean |h| before normalising: 0.1 in Q4.11.</summary>
        public const int NormalizationEpsilonQ11 = Q.OneActivation / 10;
        /// <summary>The widest layer, inputs and classes included.</summary>
        public const int MaxLayerSize = 4096;

        /// <summary>Layer widths, input first: {64, 32, 10} is 64 inputs, 32 hidden units, 10 logits.</summary>
        public readonly int[] Sizes;
        /// <summary>Weights of layer l, int16 Q3.12, [Sizes[l+1], Sizes[l]] row-major.</summary>
        public readonly short[][] Weights;
        /// <summary>Biases of layer l, int16 Q3.12.</summary>
        public readonly short[][] Biases;
        /// <summary>
        /// Weight exponent e of layer l: its weights and biases are Q(3+e).(12−e), worth 2^e times their
        /// Q3.12 reading. 0 (Q3.12) until a learner finds a weight at the end of the range (0..<see cref="Q.MaxWeightExponent"/>).
        /// </summary>
        public readonly int[] WeightExponents;
        /// <summary>Input of the current sample, int16 Q0.15.</summary>
        public readonly short[] Input;
        /// <summary>Clean pre-activations of layer l, int32 Q15.16; the last layer's are the logits.</summary>
        public readonly int[][] PreActivations;
        /// <summary>Clean activations of hidden layer l, int16 Q4.11 (after normalisation when on).</summary>
        public readonly short[][] Hidden;

        private readonly int[][] _perturbedPre;
        private readonly short[][] _perturbedHidden;
        private readonly long[] _normalizationScale;   // per hidden layer, Q15.16, from the clean pass

        /// <summary>The hidden nonlinearity (ReLU unless a board supplies its own physical one).</summary>
        public IActivation Activation;
        /// <summary>
        /// The kernels of this network's passes and of the learners built on it (read when a learner is built):
        /// <see cref="KernelSet.Portable"/> unless a host plugs in its bit-identical twins.
        /// </summary>
        public KernelSet Kernels;
        /// <summary>Scale each hidden layer's activations to a fixed mean |h| (for local-loss learning).</summary>
        public bool NormalizeHidden;

        public Network(int[] sizes)
        {
            if (sizes == null || sizes.Length < 2) throw new System.ArgumentException("a network needs at least an input and an output size");
            for (int i = 0; i < sizes.Length; i++)
                if (sizes[i] < 1 || sizes[i] > MaxLayerSize) throw new System.ArgumentException("layer sizes must be in 1..4096");
            Sizes = new int[sizes.Length];
            System.Array.Copy(sizes, Sizes, sizes.Length);
            int layers = sizes.Length - 1;
            Weights = new short[layers][];
            Biases = new short[layers][];
            WeightExponents = new int[layers];
            PreActivations = new int[layers][];
            _perturbedPre = new int[layers][];
            Hidden = new short[layers - 1][];
            _perturbedHidden = new short[layers - 1][];
            _normalizationScale = new long[layers - 1];
            for (int l = 0; l < layers; l++)
            {
                Weights[l] = new short[sizes[l] * sizes[l + 1]];
                Biases[l] = new short[sizes[l + 1]];
                PreActivations[l] = new int[sizes[l + 1]];
                _perturbedPre[l] = new int[sizes[l + 1]];
                if (l < layers - 1)
                {
                    Hidden[l] = new short[sizes[l + 1]];
                    _perturbedHidden[l] = new short[sizes[l + 1]];
                }
            }
            Input = new short[sizes[0]];
            Activation = Relu.Instance;
            Kernels = KernelSet.Portable;
        }

        public int LayerCount { get { return Sizes.Length - 1; } }
        public int InputCount { get { return Sizes[0]; } }
        public int OutputCount { get { return Sizes[Sizes.Length - 1]; } }
        /// <summary>Logits of the last clean pass, int32 Q15.16.</summary>
        public int[] Logits { get { return PreActivations[Sizes.Length - 2]; } }

        /// <summary>Multiply-accumulates of one clean forward pass: Σ inputs × outputs over the layers.</summary>
        public long ForwardMacs { get { return MacsFrom(0); } }

        /// <summary>Multiply-accumulates of layers <paramref name="first"/> and above.</summary>
        public long MacsFrom(int first)
        {
            long macs = 0;
            for (int l = first; l < LayerCount; l++) macs += (long)Sizes[l] * Sizes[l + 1];
            return macs;
        }

        /// <summary>
        /// He-uniform initialisation in Q3.12: w ~ U(−b, b), b = sqrt(6 / fan-in), biases 0, all drawn
        /// from <c>Pcg32(seed, stream 1)</c>, so a seed always gives the same network.
        /// </summary>
        public void Initialize(ulong seed)
        {
            Pcg32 rng = new Pcg32(seed, 1);
            for (int l = 0; l < LayerCount; l++)
            {
                // b in Q3.12 = sqrt(6 / fanIn) · 2^12 = sqrt(6 · 2^24 / fanIn)
                int bound = (int)IntSqrt.Floor((6UL << 24) / (ulong)Sizes[l]);
                short[] w = Weights[l];
                for (int i = 0; i < w.Length; i++)
                    w[i] = Sat.ToInt16(rng.NextInt(2 * bound + 1) - bound);
                short[] b = Biases[l];
                for (int i = 0; i < b.Length; i++) b[i] = 0;
                WeightExponents[l] = 0;
            }
        }

        /// <summary>The clean pass over <see cref="Input"/>; returns the logits (Q15.16).</summary>
        public int[] Forward()
        {
            for (int l = 0; l < LayerCount; l++)
            {
                LayerForward(l, l == 0 ? Input : Hidden[l - 1], PreActivations[l]);
                if (l < LayerCount - 1) Activate(l, PreActivations[l], Hidden[l]);
            }
            return Logits;
        }

        /// <summary>
        /// Perturbed pass: z'_l = z_l + δ for hidden layer <paramref name="layer"/> (δ in Q15.16, one per
        /// unit), then every layer above recomputed into scratch. Needs a clean <see cref="Forward"/>
        /// first. Returns the perturbed logits (Q15.16); the clean buffers are untouched.
        /// </summary>
        public int[] ForwardPerturbed(int layer, int[] delta)
        {
            PerturbedHidden(layer, delta);
            for (int l = layer + 1; l < LayerCount; l++)
            {
                LayerForward(l, _perturbedHidden[l - 1], _perturbedPre[l]);
                if (l < LayerCount - 1)
                {
                    // an upper layer sees a perturbed input: it normalises by its own scale, and keeps the clean one
                    short[] h = _perturbedHidden[l];
                    Activation.Forward(l, _perturbedPre[l], h, h.Length);
                    if (NormalizeHidden) Scale(h, NormalizationScale(h));
                }
            }
            return _perturbedPre[LayerCount - 1];
        }

        /// <summary>
        /// Only the perturbed activations of hidden layer <paramref name="layer"/>: f(z + δ), normalised
        /// when on by the clean pass's scale (so each unit's change stays its own), into a scratch buffer
        /// that is returned (valid until the next perturbed pass).
        /// </summary>
        public short[] PerturbedHidden(int layer, int[] delta)
        {
            int[] clean = PreActivations[layer];
            int[] z = _perturbedPre[layer];
            if (!Kernels.Loops.AddSaturated(clean, delta, z))
                for (int i = 0; i < z.Length; i++) z[i] = Sat.Add32(clean[i], delta[i]);
            short[] h = _perturbedHidden[layer];
            Activation.Forward(layer, z, h, h.Length);
            if (NormalizeHidden) Scale(h, _normalizationScale[layer]);
            return h;
        }

        /// <summary>
        /// Every unit's measured response to its own nudge: response[i] = f(z_i + δ_i) − f(z_i) (Q4.11, after
        /// the clean normalisation when on, saturated), one activation pass of the layer for all units.
        /// </summary>
        public void PerturbedResponse(int layer, int[] delta, short[] response)
        {
            // ReLU units without normalisation: a host's twin may do it all in one loop (leaving the scratch buffers alone)
            if (Activation is Relu && !NormalizeHidden && Kernels.Loops.ReluResponse(PreActivations[layer], delta, Hidden[layer], response)) return;
            short[] perturbed = PerturbedHidden(layer, delta);
            short[] clean = Hidden[layer];
            for (int i = 0; i < clean.Length; i++) response[i] = Sat.ToInt16(perturbed[i] - clean[i]);
        }

        /// <summary>
        /// logits[o] = clean[o] + round(Σ_{i in [first, end)} response[i] · W[o, i]) for a linear head W
        /// (int16 Q3.12 scaled by 2^<paramref name="weightExponent"/>, [classes, units] row-major) above a
        /// hidden layer: the head's logits with those units' responses added, exactly as a pass of the head
        /// would compute them but for one rounding. Returns the multiply-accumulates spent.
        /// </summary>
        public static long AddColumns(int[] clean, short[] weights, int weightExponent, int units, short[] response, int first, int end, int[] logits)
        {
            int shift = Q.ActivationFrac + Q.WeightFrac - weightExponent - Q.ValueFrac;
            int classes = logits.Length;
            for (int o = 0; o < classes; o++)
            {
                long sum = 0;   // Q4.11 × Q3.12 = Q.23; |sum| < 2^41 for 1024 units
                int row = o * units;
                for (int i = first; i < end; i++) sum += response[i] * weights[row + i];
                logits[o] = Sat.Add32(clean[o], Sat.ShiftRound32(sum, shift));
            }
            return (long)(end - first) * classes;
        }

        private void LayerForward(int l, short[] input, int[] output)
        {
            Kernels.Dense.Forward(Weights[l], Biases[l], WeightExponents[l], input, l == 0 ? Q.InputFrac : Q.ActivationFrac,
                           Sizes[l], Sizes[l + 1], output);
        }

        private void Activate(int l, int[] pre, short[] hidden)
        {
            Activation.Forward(l, pre, hidden, hidden.Length);
            if (!NormalizeHidden) return;
            _normalizationScale[l] = NormalizationScale(hidden);
            Scale(hidden, _normalizationScale[l]);
        }

        /// <summary>
        /// target / (mean |h| + ε) in Q15.16, one division per layer. ε (like LayerNorm's) keeps a
        /// layer with only a few active units from having them blown up to saturation.
        /// </summary>
        private static long NormalizationScale(short[] h)
        {
            long sum = (long)NormalizationEpsilonQ11 * h.Length;
            for (int i = 0; i < h.Length; i++) sum += h[i] < 0 ? -h[i] : h[i];
            // target / (mean + ε) = target · n / (sum + n·ε)
            return ((long)NormalizedMeanQ11 * h.Length << Q.ValueFrac) / sum;
        }

        private static void Scale(short[] h, long scaleQ16)
        {
            for (int i = 0; i < h.Length; i++) h[i] = Sat.ShiftRound16(h[i] * scaleQ16, Q.ValueFrac);
        }

        /// <summary>Index of the largest logit of the last clean pass (the first on ties).</summary>
        public int Predict()
        {
            int[] logits = Logits;
            int best = 0;
            for (int i = 1; i < logits.Length; i++) if (logits[i] > logits[best]) best = i;
            return best;
        }

        /// <summary>Bytes of every array this network holds (sizes, weights, biases, input and activation buffers, scratch).</summary>
        public int StateBytes
        {
            get
            {
                int bytes = Sizes.Length * 4 + WeightExponents.Length * 4 + Input.Length * 2;
                for (int l = 0; l < LayerCount; l++)
                {
                    bytes += Weights[l].Length * 2 + Biases[l].Length * 2;
                    bytes += PreActivations[l].Length * 4 + _perturbedPre[l].Length * 4;
                    if (l < LayerCount - 1) bytes += Hidden[l].Length * 2 + _perturbedHidden[l].Length * 2 + 8;
                }
                return bytes;
            }
        }

        /// <summary>Number of weights and biases.</summary>
        public int ParameterCount
        {
            get
            {
                int n = 0;
                for (int l = 0; l < LayerCount; l++) n += Weights[l].Length + Biases[l].Length;
                return n;
            }
        }
    }
}
