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
    ///     The output layer steps along g ⊗ h (its own loss needs no model of the hardware below it).
    ///  2. For each hidden layer l, for each of K random directions: draw u_i = ±1 (Rademacher, from the
    ///     seed) for its units — optionally only those whose activation is non-zero on this sample — and
    ///     nudge their pre-activations z_l by σ·u. The units are measured in G groups, one loss per group:
    ///       ∂L/∂z_i ≈ (L+ − L0)/σ · u_i                  (forward difference), or
    ///       ∂L/∂z_i ≈ (L+ − L−)/(2σ) · u_i               (central difference, twice the losses).
    ///     Groups cut the variance: each estimate carries the noise of its own group only; G = the
    ///     layer's width measures every unit alone.
    ///     How a group's loss L+ is measured depends on what lies above the layer:
    ///     - a digital linear head (the output layer, or a local readout head): the hardware computes
    ///       every unit's nudged activation at once, f(z_i + σu_i), and each unit's measured response
    ///       Δh_i reaches the logits only through its own column of the head: the group's logits are the
    ///       clean logits + Σ_{i in group} Δh_i · W[:, i]. A whole layer of groups then costs about one
    ///       head pass. A unit whose response is zero changed nothing: it needs no loss and gets no estimate.
    ///     - more layers of (unknown) hardware: the nudged group goes through them, a full pass above the
    ///       layer per group.
    ///  3. Each layer steps along its estimates ⊗ its clean input. The derivative of the nonlinearity is
    ///     never used: only measured responses and losses.
    ///  With step control (<see cref="StepControl"/>, in the base class) every unit's step is normalised
    ///  by the running RMS of its own estimates, and each layer's by its input's RMS.
    ///
    /// Global mode measures every hidden layer against the network's loss. Local-loss mode
    /// (Ren, Kornblith, Liao, Hinton 2023) gives each hidden layer but the last its own readout head
    /// on its (normalised) activations; the layer learns from that head's loss alone and the head
    /// from its exact delta, so nothing flows between blocks. The last hidden layer's head is the
    /// network's output layer. Hidden activations are normalised in local mode, which keeps the
    /// greedy blocks stable on two or more hidden layers.
    ///
    /// Fixed point throughout: σ, losses and estimates in Q15.16; responses Q4.11; updates via master weights.
    /// </summary>
    public sealed class ActivityPerturbation : Learner
    {
        private readonly Pcg32 _rng;
        private readonly IVectorLoops _loops;    // the network's vector twins of Rademacher's loops
        private readonly int[][] _delta;          // σ·u per unit of each hidden layer, Q15.16
        private readonly int[][] _estimate;       // ∂L/∂z estimate per unit, Q15.16
        private readonly ReadoutHead?[] _heads;   // local mode: heads of hidden layers 0..L−3
        private readonly int[] _headGradient;     // local mode: ∂L/∂logits of a head
        private readonly short[] _response;       // a layer's measured Δh per unit (+σu), Q4.11
        private readonly short[] _responseMinus;  // the same for −σu (central differences only)
        private readonly int[] _columnLogits;     // logits of one group's column pass, Q15.16

        public ActivityPerturbation(Network network, LearnerSettings settings) : base(network, settings, true)
        {
            _rng = new Pcg32(settings.Seed, 7);
            _loops = network.Kernels.Loops;
            int hidden = network.LayerCount - 1;
            _delta = new int[hidden][];
            _estimate = new int[hidden][];
            _heads = new ReadoutHead?[hidden];
            _headGradient = new int[settings.LocalLosses ? network.OutputCount : 0];
            int widest = 0;
            for (int l = 0; l < hidden; l++)
            {
                int units = network.Sizes[l + 1];
                _delta[l] = new int[units];
                _estimate[l] = new int[units];
                if (units > widest) widest = units;
                if (settings.LocalLosses && l < hidden - 1)
                    _heads[l] = new ReadoutHead(units, network.OutputCount, settings.Seed + (ulong)l, settings.ExtraWeightBits, settings.StepControl, network.Kernels);
            }
            _response = new short[widest];
            _responseMinus = new short[settings.CentralDifferences ? widest : 0];
            _columnLogits = new int[network.OutputCount];
            if (settings.LocalLosses) network.NormalizeHidden = true;
        }

        protected override void TrainSample()
        {
            int hiddenLayers = Network.LayerCount - 1;
            if (hiddenLayers == 1 && EachUnitAlone(0, null))
            {
                TrainOneHiddenLayer();
                return;
            }
            int loss0 = CleanPass();
            for (int l = 0; l < hiddenLayers; l++)
            {
                ReadoutHead? head = _heads[l];
                int reference = head == null ? loss0 : HeadLoss(head, Network.Hidden[l]);
                EstimateLayer(l, head, reference);
                if (head != null) MultiplyAccumulates += head.Step(_headGradient, Network.Hidden[l], Settings.OutputLearningRateQ16, Settings.BatchSize);
            }
            StepLayer(Network.LayerCount - 1, OutputGradient, Settings.OutputLearningRateQ16);
            for (int l = 0; l < hiddenLayers; l++)
                StepLayer(l, _estimate[l], Settings.HiddenLearningRateQ16);
        }

        /// <summary>
        /// The usual net, one hidden layer whose units are each their own group (<see cref="EachUnitAlone"/>): the steps of
        /// <see cref="TrainSample"/> in another order, with the same numbers. The clean loss and its gradient come with the
        /// units' column losses in one call (a host's twin shares their work), and the output layer steps before the units'
        /// estimates are formed from those losses: it needs none of them, so a host's core runs it while they are on their way.
        /// </summary>
        private void TrainOneHiddenLayer()
        {
            CleanForward();
            bool drawn = ColumnLossOfEachUnit(0, null, true);
            StepLayer(1, OutputGradient, Settings.OutputLearningRateQ16);
            if (drawn) Rademacher.EstimateEach(_delta[0], _estimate[0].Length, LastLoss, Settings.SigmaQ16, _estimate[0], _loops);
            StepLayer(0, _estimate[0], Settings.HiddenLearningRateQ16);
        }

        /// <summary>Fills _estimate[l] with ∂L/∂z of hidden layer l, from K directions of G groups each.</summary>
        private void EstimateLayer(int l, ReadoutHead? head, int loss0)
        {
            int[] estimate = _estimate[l];
            int[] delta = _delta[l];
            int units = estimate.Length;
            int groups = GroupsOf(units);
            int sigma = Settings.SigmaQ16;
            bool columns = ThroughColumns(l, head);
            if (EachUnitAlone(l, head))
            {
                if (ColumnLossOfEachUnit(l, head, false)) Rademacher.EstimateEach(delta, units, loss0, sigma, estimate, _loops);
                return;
            }
            // With one direction every unit's estimate is written once, by its group: no clearing first
            bool accumulate = Settings.Directions > 1;
            if (accumulate) for (int i = 0; i < units; i++) estimate[i] = 0;

            for (int k = 0; k < Settings.Directions; k++)
            {
                bool any = true;
                if (columns)
                {
                    any = Rademacher.Draw(_rng, Network.Hidden[l], Settings.ActiveOnly, 0, units, sigma, delta, _loops);
                    if (any) MeasureResponses(l, delta, units);
                }
                int end = 0;
                for (int g = 0; g < groups; g++)
                {
                    int first = end;
                    end = groups == 1 ? units : (g + 1) * units / groups;
                    if (!columns) any = Rademacher.Draw(_rng, Network.Hidden[l], Settings.ActiveOnly, first, end, sigma, delta, _loops);
                    if (!any || (columns && !Responds(delta, first, end)))
                    {
                        if (!accumulate) for (int i = first; i < end; i++) estimate[i] = 0;
                        continue;
                    }

                    long difference;   // ΔL over the perturbation's span, Q15.16
                    int span;          // σ or 2σ, Q15.16
                    int lossPlus = columns ? ColumnLoss(l, head, _response, first, end) : FullPassLoss(l, delta);
                    if (Settings.CentralDifferences)
                    {
                        int lossMinus;
                        if (columns) lossMinus = ColumnLoss(l, head, _responseMinus, first, end);
                        else
                        {
                            Negate(delta, first, end);
                            lossMinus = FullPassLoss(l, delta);
                            Negate(delta, first, end);
                        }
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
                    Rademacher.Estimate(delta, first, end, slope, accumulate, estimate, _loops);
                }
            }
            if (Settings.Directions > 1)
                for (int i = 0; i < units; i++) estimate[i] /= Settings.Directions;
        }

        /// <summary>G of layer l's units: the settings' groups, within [1, units].</summary>
        private int GroupsOf(int units)
        {
            return Settings.Groups < 1 ? 1 : (Settings.Groups > units ? units : Settings.Groups);
        }

        /// <summary>Whether hidden layer l's perturbed losses are column passes: a digital linear head right above it.</summary>
        private bool ThroughColumns(int l, ReadoutHead? head)
        {
            return head != null || l == Network.LayerCount - 2;
        }

        /// <summary>The usual case: through columns, every unit its own group with one direction, forward differences and a hard label.</summary>
        private bool EachUnitAlone(int l, ReadoutHead? head)
        {
            int units = _estimate[l].Length;
            return ThroughColumns(l, head) && GroupsOf(units) == units && Settings.Directions == 1 && !Settings.CentralDifferences && Target.IsHardLabel;
        }

        /// <summary>
        /// The usual case (<see cref="EachUnitAlone"/>): a direction for every unit, its response, and every unit's loss
        /// through its own column at once (<see cref="LossTarget.ColumnLosses"/>) into _estimate[l], for
        /// <see cref="Rademacher.EstimateEach"/> to turn into the estimates ΔL_i/σ·u_i: the same losses, passes and estimates
        /// as one group per unit in <see cref="EstimateLayer"/>; δ is left as drawn (the next draw overwrites it). Returns
        /// false, with the estimates 0, when no unit drew a direction. With <paramref name="cleanLossToo"/> (the network's own
        /// head right above, after <see cref="Learner.CleanForward"/>) the clean loss (<see cref="Learner.LastLoss"/>) and its
        /// gradient come in the same call (<see cref="LossTarget.CleanAndColumnLosses"/>).
        /// </summary>
        private bool ColumnLossOfEachUnit(int l, ReadoutHead? head, bool cleanLossToo)
        {
            int[] estimate = _estimate[l];
            int[] delta = _delta[l];
            int units = estimate.Length;
            if (!Rademacher.Draw(_rng, Network.Hidden[l], Settings.ActiveOnly, 0, units, Settings.SigmaQ16, delta, _loops))
            {
                if (cleanLossToo) CleanLoss();
                for (int i = 0; i < units; i++) estimate[i] = 0;
                return false;
            }
            MeasureResponses(l, delta, units);
            int[] clean = head == null ? Network.Logits : head.Logits;
            short[] weights = head == null ? Network.Weights[l + 1] : head.Weights;
            int exponent = head == null ? Network.WeightExponents[l + 1] : head.WeightExponent;
            int classes = Network.OutputCount;
            int evaluated;
            if (cleanLossToo)
                LastLoss = Target.CleanAndColumnLosses(clean, weights, exponent, classes, units, _response, _columnLogits, estimate, OutputGradient, out evaluated);
            else
                evaluated = Target.ColumnLosses(clean, weights, exponent, classes, units, _response, _columnLogits, estimate);
            ForwardPasses += evaluated;
            MultiplyAccumulates += (long)evaluated * classes;
            return true;
        }

        /// <summary>
        /// Every unit's response to +δ (and −δ with central differences), one activation pass each; a unit
        /// whose nudge changed nothing has its δ cleared, so it gets no estimate and costs no loss.
        /// </summary>
        private void MeasureResponses(int l, int[] delta, int units)
        {
            short[] plus = _response;
            Network.PerturbedResponse(l, delta, plus);
            if (!Settings.CentralDifferences)
            {
                Rademacher.KeepResponding(delta, plus, units, _loops);
                return;
            }
            short[] minus = _responseMinus;
            Negate(delta, 0, units);
            Network.PerturbedResponse(l, delta, minus);
            Negate(delta, 0, units);
            for (int i = 0; i < units; i++) delta[i] &= -((plus[i] | minus[i]) & 0xFFFF) >> 31;   // 0 where neither direction moved it
        }

        /// <summary>Whether any unit of [first, end) is still nudged (responded).</summary>
        private static bool Responds(int[] delta, int first, int end)
        {
            for (int i = first; i < end; i++) if (delta[i] != 0) return true;
            return false;
        }

        /// <summary>The loss with units [first, end) moved by their responses, through the head's columns.</summary>
        private int ColumnLoss(int l, ReadoutHead? head, short[] response, int first, int end)
        {
            int[] clean = head == null ? Network.Logits : head.Logits;
            short[] weights = head == null ? Network.Weights[l + 1] : head.Weights;
            int exponent = head == null ? Network.WeightExponents[l + 1] : head.WeightExponent;
            long macs = Network.AddColumns(clean, weights, exponent, Network.Sizes[l + 1], response, first, end, _columnLogits);
            return PerturbedLoss(_columnLogits, macs);
        }

        /// <summary>The network's loss with δ added to layer l's pre-activations: a full pass above it.</summary>
        private int FullPassLoss(int l, int[] delta)
        {
            return PerturbedLoss(Network.ForwardPerturbed(l, delta), Network.MacsFrom(l + 1));
        }

        /// <summary>The head's clean loss on h; its delta goes to _headGradient, its logits stay in the head.</summary>
        private int HeadLoss(ReadoutHead head, short[] hidden)
        {
            MultiplyAccumulates += head.Macs;
            return Target.Evaluate(head.Forward(hidden), Network.OutputCount, _headGradient);
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
                int bytes = base.StateBytes + _headGradient.Length * 4 + (_response.Length + _responseMinus.Length) * 2
                          + _columnLogits.Length * 4;
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
