using Edge.Core.Kernels;
using Edge.Core.Model;
using Edge.Core.Numerics;

namespace Edge.Core.Learning
{
    /// <summary>
    /// Activity (node) perturbation: learning from forward passes alone.
    ///
    /// For each sample:
    ///  1. Clean pass: logits, loss L0 and the exact output delta g = ∂L/∂logits (softmax − target).
    ///     The output layer steps along g ⊗ h (its own loss needs no model of the hardware below).
    ///  2. For each hidden layer l, for each of K random directions, for each of G groups of its units:
    ///     draw u_i = ±1 (Rademacher, from the seed) for the group's units — optionally only those
    ///     whose activation is non-zero on this sample — add σ·u to their pre-activations z_l, run the
    ///     layers above through the real nonlinearity, and measure the loss L+. Estimate
    ///       ∂L/∂z_i ≈ (L+ − L0)/σ · u_i                  (forward difference, one pass), or
    ///       ∂L/∂z_i ≈ (L+ − L−)/(2σ) · u_i               (central difference, two passes).
    ///     Groups cut the variance: each estimate carries the noise of its own group only.
    ///  3. Step layer l along the averaged estimate ⊗ its clean input. The derivative of the
    ///     nonlinearity is never used: only measured losses.
    ///
    /// Global mode measures every hidden layer against the network's loss. Local-loss mode
    /// (Ren, Kornblith, Liao, Hinton 2023) gives each hidden layer but the last its own readout head
    /// on its (normalised) activations; the layer learns from that head's loss alone and the head
    /// from its exact delta, so nothing flows between blocks. The last hidden layer's head is the
    /// network's output layer. Hidden activations are normalised in local mode, which keeps the
    /// greedy blocks stable on two or more hidden layers.
    ///
    /// Fixed point throughout: σ, losses and estimates in Q15.16; updates via master weights.
    /// </summary>
    public sealed class ActivityPerturbation : Learner
    {
        private readonly Pcg32 _rng;
        private readonly int[][] _delta;          // σ·u per unit of each hidden layer, Q15.16
        private readonly int[][] _estimate;       // ∂L/∂z estimate per unit, Q15.16
        private readonly ReadoutHead?[] _heads;   // local mode: heads of hidden layers 0..L−3
        private readonly int[] _headGradient;

        public ActivityPerturbation(Network network, LearnerSettings settings) : base(network, settings, true)
        {
            _rng = new Pcg32(settings.Seed, 7);
            int hidden = network.LayerCount - 1;
            _delta = new int[hidden][];
            _estimate = new int[hidden][];
            _heads = new ReadoutHead?[hidden];
            _headGradient = new int[network.OutputCount];
            for (int l = 0; l < hidden; l++)
            {
                _delta[l] = new int[network.Sizes[l + 1]];
                _estimate[l] = new int[network.Sizes[l + 1]];
                if (settings.LocalLosses && l < hidden - 1)
                    _heads[l] = new ReadoutHead(network.Sizes[l + 1], network.OutputCount, settings.Seed + (ulong)l, settings.ExtraWeightBits);
            }
            if (settings.LocalLosses) network.NormalizeHidden = true;
        }

        protected override void TrainSample()
        {
            int loss0 = CleanPass();
            int hiddenLayers = Network.LayerCount - 1;
            for (int l = 0; l < hiddenLayers; l++)
            {
                ReadoutHead? head = _heads[l];
                int reference = head == null ? loss0 : HeadLoss(head, Network.Hidden[l], _headGradient);
                EstimateLayer(l, head, reference);
                if (head != null) head.Step(_headGradient, Network.Hidden[l], Settings.OutputLearningRateQ16, Settings.BatchSize);
            }
            StepLayer(Network.LayerCount - 1, OutputGradient, Settings.OutputLearningRateQ16);
            for (int l = 0; l < hiddenLayers; l++)
                StepLayer(l, _estimate[l], Settings.HiddenLearningRateQ16);
        }

        /// <summary>Fills _estimate[l] with ∂L/∂z of hidden layer l, from K × G perturbed passes.</summary>
        private void EstimateLayer(int l, ReadoutHead? head, int loss0)
        {
            int[] estimate = _estimate[l];
            int[] delta = _delta[l];
            int units = estimate.Length;
            int groups = Settings.Groups < 1 ? 1 : (Settings.Groups > units ? units : Settings.Groups);
            int sigma = Settings.SigmaQ16;
            // With one direction every unit's estimate is written once, by its group: no clearing first
            bool accumulate = Settings.Directions > 1;
            if (accumulate) for (int i = 0; i < units; i++) estimate[i] = 0;

            for (int k = 0; k < Settings.Directions; k++)
            {
                int end = 0;
                for (int g = 0; g < groups; g++)
                {
                    int first = end;
                    end = groups == 1 ? units : (g + 1) * units / groups;
                    if (!Rademacher.Draw(_rng, Network.Hidden[l], Settings.ActiveOnly, first, end, sigma, delta))
                    {
                        if (!accumulate) for (int i = first; i < end; i++) estimate[i] = 0;
                        continue;
                    }

                    int lossPlus = LossWith(l, head, delta);
                    long difference;   // ΔL over the perturbation's span, Q15.16
                    int span;          // σ or 2σ, Q15.16
                    if (Settings.CentralDifferences)
                    {
                        Negate(delta, first, end);
                        int lossMinus = LossWith(l, head, delta);
                        Negate(delta, first, end);
                        difference = (long)lossPlus - lossMinus;
                        span = 2 * sigma;
                    }
                    else
                    {
                        difference = (long)lossPlus - loss0;
                        span = sigma;
                    }
                    // ∂L/∂z_i ≈ ΔL / span · u_i, with u_i = sign(δ_i), Q15.16
                    int slope = Sat.ToInt32((difference << Q.ValueFrac) / span);
                    Rademacher.Estimate(delta, first, end, slope, accumulate, estimate);
                }
            }
            if (Settings.Directions > 1)
                for (int i = 0; i < units; i++) estimate[i] /= Settings.Directions;
        }

        /// <summary>The loss this layer learns from, with δ added to its pre-activations.</summary>
        private int LossWith(int l, ReadoutHead? head, int[] delta)
        {
            if (head == null) return PerturbedLoss(Network.ForwardPerturbed(l, delta));
            ForwardPasses++;
            return HeadLoss(head, Network.PerturbedHidden(l, delta), null);
        }

        private int HeadLoss(ReadoutHead head, short[] hidden, int[]? gradient)
        {
            return Target.Evaluate(head.Forward(hidden), Network.OutputCount, gradient);
        }

        private static void Negate(int[] delta, int first, int end)
        {
            for (int i = first; i < end; i++) delta[i] = -delta[i];
        }

        protected override void AfterCommit()
        {
            for (int l = 0; l < _heads.Length; l++)
            {
                ReadoutHead? head = _heads[l];
                if (head != null) head.Commit();
            }
        }

        public override int StateBytes
        {
            get
            {
                int bytes = base.StateBytes + _headGradient.Length * 4;
                for (int l = 0; l < _delta.Length; l++)
                {
                    bytes += _delta[l].Length * 4 + _estimate[l].Length * 4;
                    ReadoutHead? head = _heads[l];
                    if (head != null) bytes += head.StateBytes;
                }
                return bytes;
            }
        }
    }
}
