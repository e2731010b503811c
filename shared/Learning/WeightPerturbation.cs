using Edge.Core.Model;
using Edge.Core.Numerics;

namespace Edge.Core.Learning
{
    /// <summary>
    /// Weight perturbation (SPSA), the baseline: nudge every hidden weight and bias at once by σ·u
    /// (u = ±1 per weight, regenerated from a seed and never stored), measure L(w + σu) and L(w − σu),
    /// and move every weight along −(L+ − L−)/(2σ) · u. One scalar carries the information for all
    /// weights, so the estimate's variance grows with their number: fine for tiny nets only. The
    /// output layer uses its exact delta, as in <see cref="ActivityPerturbation"/>, so the two differ
    /// only in how the hidden layers learn. K directions per sample.
    ///
    /// σ here is in weight units (Q15.16 of the weight value); it is applied to the int16 Q3.12 weights
    /// as whole LSBs, and the weights are restored from the masters after each measurement.
    /// </summary>
    public sealed class WeightPerturbation : Learner
    {
        private readonly Pcg32 _rng;
        private readonly short[][] _committedWeights;   // the batch's int16 weights, to undo a nudge exactly
        private readonly short[][] _committedBiases;
        private ulong _directionCounter;

        public WeightPerturbation(Network network, LearnerSettings settings) : base(network, settings, true)
        {
            if (settings.ExtraWeightBits != MasterWeights.ExtraBits)
                throw new System.ArgumentException("weight perturbation steps every weight along ±u and keeps int32 master weights (ExtraWeightBits 16)");
            _rng = new Pcg32(settings.Seed, 9);
            int hidden = network.LayerCount - 1;
            _committedWeights = new short[hidden][];
            _committedBiases = new short[hidden][];
            for (int l = 0; l < hidden; l++)
            {
                _committedWeights[l] = new short[network.Weights[l].Length];
                _committedBiases[l] = new short[network.Biases[l].Length];
            }
            AfterCommit();
        }

        protected override void TrainSample()
        {
            CleanPass();
            int hiddenLayers = Network.LayerCount - 1;
            // σ in Q3.12 LSBs (at least one)
            int sigmaLsb = Settings.SigmaQ16 >> (Q.ValueFrac - Q.WeightFrac);
            if (sigmaLsb < 1) sigmaLsb = 1;
            int sigmaQ16 = sigmaLsb << (Q.ValueFrac - Q.WeightFrac);

            for (int k = 0; k < Settings.Directions; k++)
            {
                ulong direction = _directionCounter++;
                Nudge(hiddenLayers, direction, sigmaLsb);
                int lossPlus = PerturbedLoss(Network.Forward(), Network.ForwardMacs);
                Nudge(hiddenLayers, direction, -2 * sigmaLsb);
                int lossMinus = PerturbedLoss(Network.Forward(), Network.ForwardMacs);
                RestoreCommitted(hiddenLayers);

                // ∂L/∂w · u ≈ (L+ − L−) / (2σ), Q15.16; each weight steps by −lr/(B·K) · that · u_w
                long slope = (((long)lossPlus - lossMinus) << Q.ValueFrac) / (2 * sigmaQ16);
                long stepQ32 = (long)Settings.HiddenLearningRateQ16 * slope / (Settings.BatchSize * Settings.Directions);
                int stepMaster = (int)Sat.ShiftRound(stepQ32, 32 - MasterWeights.MasterFrac);
                if (stepMaster != 0) StepAlongDirection(hiddenLayers, direction, stepMaster);
            }
            // Network.Forward above overwrote the clean activations: recompute them for the output layer.
            Network.Forward();
            StepLayer(Network.LayerCount - 1, OutputGradient, Settings.OutputLearningRateQ16);
        }

        /// <summary>Adds amount·u to every hidden weight and bias (saturating), u regenerated from the direction's seed.</summary>
        private void Nudge(int hiddenLayers, ulong direction, int amount)
        {
            _rng.Reseed(Settings.Seed ^ 0x5745494748545053UL, direction);
            for (int l = 0; l < hiddenLayers; l++)
            {
                NudgeArray(Network.Weights[l], amount);
                NudgeArray(Network.Biases[l], amount);
            }
        }

        private void NudgeArray(short[] values, int amount)
        {
            uint bits = 0;
            for (int i = 0; i < values.Length; i++)
            {
                int bit = i & 31;
                if (bit == 0) bits = _rng.NextUInt();
                int signed = ((bits >> bit) & 1) != 0 ? amount : -amount;
                values[i] = Sat.ToInt16(values[i] + signed);
            }
        }

        /// <summary>Masters −= step·u with the same u as <see cref="Nudge"/>.</summary>
        private void StepAlongDirection(int hiddenLayers, ulong direction, int stepMaster)
        {
            _rng.Reseed(Settings.Seed ^ 0x5745494748545053UL, direction);
            for (int l = 0; l < hiddenLayers; l++)
            {
                MasterWeights m = (MasterWeights)Masters[l]!;
                StepArray(m.Weights, stepMaster);
                StepArray(m.Biases, stepMaster);
            }
        }

        private void StepArray(int[] masters, int stepMaster)
        {
            uint bits = 0;
            for (int i = 0; i < masters.Length; i++)
            {
                int bit = i & 31;
                if (bit == 0) bits = _rng.NextUInt();
                int signed = ((bits >> bit) & 1) != 0 ? stepMaster : -stepMaster;
                masters[i] = Sat.Add32(masters[i], -signed);
            }
        }

        /// <summary>Puts back the int16 weights of the current batch, exactly (a saturated nudge is not reversible).</summary>
        private void RestoreCommitted(int hiddenLayers)
        {
            for (int l = 0; l < hiddenLayers; l++)
            {
                System.Array.Copy(_committedWeights[l], Network.Weights[l], _committedWeights[l].Length);
                System.Array.Copy(_committedBiases[l], Network.Biases[l], _committedBiases[l].Length);
            }
        }

        protected override void AfterCommit()
        {
            for (int l = 0; l < _committedWeights.Length; l++)
            {
                System.Array.Copy(Network.Weights[l], _committedWeights[l], _committedWeights[l].Length);
                System.Array.Copy(Network.Biases[l], _committedBiases[l], _committedBiases[l].Length);
            }
        }

        public override int StateBytes
        {
            get
            {
                int bytes = base.StateBytes;
                for (int l = 0; l < _committedWeights.Length; l++)
                    bytes += _committedWeights[l].Length * 2 + _committedBiases[l].Length * 2;
                return bytes;
            }
        }
    }
}
