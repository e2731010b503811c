using Edge.Core.Model;
using Edge.Core.Numerics;

namespace Edge.Core.Learning
{
    /// <summary>
    /// What every learner shares: the network, the target of the current sample, master weights for
    /// the layers it trains, the mini-batch bookkeeping, the exact update of the output layer
    /// from its own loss delta (softmax − target), which needs no model of the hardware below it,
    /// the on-device step control of every trained layer (<see cref="StepControl"/>, when the
    /// settings ask for it), and the count of multiply-accumulates spent.
    /// Usage per sample: fill <c>Network.Input</c>, set <see cref="Target"/>, call <see cref="Train"/>.
    /// </summary>
    public abstract class Learner
    {
        public readonly Network Network;
        public readonly LossTarget Target;
        public readonly LearnerSettings Settings;
        /// <summary>Where the updates of layer l go, or null when the layer is frozen.</summary>
        protected readonly WeightStore?[] Masters;
        /// <summary>∂L/∂logits of the clean pass, Q15.16.</summary>
        protected readonly int[] OutputGradient;
        /// <summary>Step control of layer l (null when off or the layer is frozen).</summary>
        private readonly StepControl?[] _controls;
        /// <summary>Centring of layer l's input for its steps (null when centred steps are off, for the output layer and frozen layers).</summary>
        private readonly InputCentring?[] _centring;
        /// <summary>The centred input of the layer stepping now (empty when centred steps are off).</summary>
        private readonly short[] _centred;
        private int _samplesInBatch;

        /// <summary>Forward passes evaluated so far (a clean pass or a perturbed pass each count one).</summary>
        public long ForwardPasses;
        /// <summary>Multiply-accumulates spent so far: forward passes, perturbed passes, updates and step control.</summary>
        public long MultiplyAccumulates;
        /// <summary>Samples trained so far.</summary>
        public long Samples;
        /// <summary>Loss of the last clean pass, Q15.16.</summary>
        public int LastLoss;

        protected Learner(Network network, LearnerSettings settings, bool trainHidden)
        {
            Network = network;
            Settings = settings;
            Target = new LossTarget(network.OutputCount, network.Kernels.Loops);
            OutputGradient = new int[network.OutputCount];
            int layers = network.LayerCount;
            Masters = new WeightStore?[layers];
            _controls = new StepControl?[layers];
            _centring = new InputCentring?[layers];
            int widestInput = 0;
            for (int l = 0; l < layers; l++)
            {
                if (!trainHidden && l != layers - 1) continue;
                WeightStore store = WeightStore.Create(network.Weights[l], network.Biases[l], network.Sizes[l],
                                                       settings.ExtraWeightBits, settings.Seed + (ulong)l, network.Kernels.Update);
                store.Reload(network.WeightExponents[l]);
                Masters[l] = store;
                // a hidden layer's steps are bounded by their common move, unless centred steps have removed it
                if (settings.StepControl)
                    _controls[l] = new StepControl(network.Sizes[l + 1], network.Kernels.Loops, l < layers - 1 && !settings.CentredSteps);
                // hidden layers only: centring the output layer's steps made readout collapse on some sets, for a
                // reason not yet understood (docs/learning.md)
                if (settings.CentredSteps && l < layers - 1)
                {
                    _centring[l] = new InputCentring(network.Sizes[l]);
                    if (network.Sizes[l] > widestInput) widestInput = network.Sizes[l];
                }
            }
            _centred = new short[settings.CentredSteps ? widestInput : 0];
        }

        /// <summary>
        /// Where layer l's updates go (null when the layer is frozen): a host reads its master weights to measure
        /// what a step did (docs/seed.md); the learner keeps using them as before.
        /// </summary>
        public WeightStore? MasterOf(int layer) { return Masters[layer]; }

        /// <summary>Trains on the current input and target; applies the batch's update every BatchSize samples.</summary>
        public void Train()
        {
            TrainSample();
            Samples++;
            if (++_samplesInBatch >= Settings.BatchSize) EndBatch();
        }

        /// <summary>One sample's contribution to the current mini-batch.</summary>
        protected abstract void TrainSample();

        /// <summary>Applies a partly filled batch (call at the end of an epoch).</summary>
        public void EndBatch()
        {
            if (_samplesInBatch == 0) return;
            for (int l = 0; l < Masters.Length; l++)
            {
                WeightStore? m = Masters[l];
                if (m != null)
                {
                    m.Commit();
                    Network.WeightExponents[l] = m.Exponent;   // raised when a weight reached the range's end
                }
                StepControl? c = _controls[l];
                if (c != null) c.Commit();
            }
            AfterCommit();
            _samplesInBatch = 0;
        }

        /// <summary>Runs after the network's weights changed (a batch committed, or weights reloaded).</summary>
        protected virtual void AfterCommit() { }

        /// <summary>Call after the network's weights were replaced from outside (load, PUT weights).</summary>
        public void ReloadWeights()
        {
            for (int l = 0; l < Masters.Length; l++)
            {
                WeightStore? m = Masters[l];
                if (m != null) m.Reload(Network.WeightExponents[l]);
                StepControl? c = _controls[l];
                if (c != null) c.Reset();
                InputCentring? centring = _centring[l];
                if (centring != null) centring.Reset();
            }
            AfterCommit();
            _samplesInBatch = 0;
        }

        /// <summary>The clean pass: forward, loss, and ∂L/∂logits into <see cref="OutputGradient"/>.</summary>
        protected int CleanPass()
        {
            CleanForward();
            return CleanLoss();
        }

        /// <summary>The clean pass's forward half, counted: the logits, whose loss <see cref="CleanLoss"/> (or a learner itself) gives.</summary>
        protected void CleanForward()
        {
            Network.Forward();
            ForwardPasses++;
            MultiplyAccumulates += Network.ForwardMacs;
        }

        /// <summary>The clean pass's loss half: the loss of the logits, and ∂L/∂logits into <see cref="OutputGradient"/>.</summary>
        protected int CleanLoss()
        {
            LastLoss = Target.Evaluate(Network.Logits, Network.OutputCount, OutputGradient);
            return LastLoss;
        }

        /// <summary>Loss of perturbed logits (no gradient), counting the pass and its <paramref name="macs"/>.</summary>
        protected int PerturbedLoss(int[] logits, long macs)
        {
            ForwardPasses++;
            MultiplyAccumulates += macs;
            return Target.Evaluate(logits, Network.OutputCount, null);
        }

        /// <summary>The input of layer l: the network input (Q0.15) or hidden layer l−1 (Q4.11).</summary>
        protected short[] InputOf(int layer) { return layer == 0 ? Network.Input : Network.Hidden[layer - 1]; }

        /// <summary>Fractional bits of the input of layer l.</summary>
        protected static int InputFracOf(int layer) { return layer == 0 ? Q.InputFrac : Q.ActivationFrac; }

        /// <summary>
        /// Step of layer l on the masters: W −= lr/B · g ⊗ x, b −= lr/B · g, for the per-unit gradient g
        /// (∂L/∂z, Q15.16) and the layer's clean input x; with step control, g normalised in place by its
        /// units' RMS and x scaled by the layer's input scale (no step until the first batch is measured).
        /// </summary>
        protected void StepLayer(int layer, int[] unitGradientQ16, int learningRateQ16)
        {
            WeightStore? m = Masters[layer];
            if (m == null) return;
            short[] input = InputOf(layer);
            int inFrac = InputFracOf(layer);
            int units = Network.Sizes[layer + 1], inputs = Network.Sizes[layer];
            MultiplyAccumulates += (long)units * inputs;
            // with centred steps the weights move along x − mean (the input's scale below stays the uncentred input's)
            short[] along = input;
            InputCentring? centring = _centring[layer];
            if (centring != null)
            {
                centring.Centre(input, inputs, _centred);
                along = _centred;
            }
            StepControl? c = _controls[layer];
            if (c == null)
            {
                m.Step(unitGradientQ16, learningRateQ16, Settings.BatchSize, along, inFrac);
                return;
            }
            MultiplyAccumulates += units + inputs;
            if (c.Observe(unitGradientQ16, input, inputs, inFrac))
                m.Step(unitGradientQ16, learningRateQ16, Settings.BatchSize, along, c.StepFrac(inFrac, learningRateQ16));
        }

        /// <summary>Exact bytes of every array the network and this learner hold.</summary>
        public virtual int StateBytes
        {
            get
            {
                int bytes = Network.StateBytes + OutputGradient.Length * 4;
                for (int l = 0; l < Masters.Length; l++)
                {
                    WeightStore? m = Masters[l];
                    if (m != null) bytes += m.StateBytes;
                    StepControl? c = _controls[l];
                    if (c != null) bytes += c.StateBytes;
                    InputCentring? centring = _centring[l];
                    if (centring != null) bytes += centring.StateBytes;
                }
                return bytes + _centred.Length * 2 + Target.StateBytes;
            }
        }
    }
}
