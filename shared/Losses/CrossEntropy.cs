using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Core.Losses
{
    /// <summary>
    /// Cross-entropy of softmax(z) against a class label: L = −log p_label, with its gradient with
    /// respect to the logits, ∂L/∂z_i = p_i − [i = label]. Logits, loss and gradient in Q15.16.
    /// Buffers are made once, for <c>classCount</c> classes; <see cref="Forward"/> allocates nothing.
    /// </summary>
    public sealed class CrossEntropy
    {
        /// <summary>Right shift that takes a Q4.11 response times a Q3.12 weight to Q15.16 (as a head's column pass does).</summary>
        public const int ColumnShift = Q.ActivationFrac + Q.WeightFrac - Q.ValueFrac;

        private readonly int[] _exponentials;
        private readonly IVectorLoops _loops;

        public CrossEntropy(int classCount) : this(classCount, NoVectorLoops.Instance) { }

        /// <summary>The loss of <paramref name="classCount"/> classes, whose loops a host's vector twins may run (<see cref="IVectorLoops"/>).</summary>
        public CrossEntropy(int classCount, IVectorLoops loops)
        {
            if (loops == null) throw new System.ArgumentNullException("loops");
            _exponentials = new int[classCount];
            _loops = loops;
        }

        /// <summary>Bytes of the scratch array.</summary>
        public int StateBytes { get { return _exponentials.Length * 4; } }

        /// <summary>Returns the loss in Q15.16; writes the gradient if <paramref name="gradient"/> is not null.</summary>
        public int Forward(int[] logits, int offset, int count, int label, int[]? gradient)
        {
            int loss;
            if (_loops.SoftmaxCrossEntropy(logits, offset, count, label, gradient, out loss)) return loss;
            int max;
            long sum = Softmax.Exponentials(logits, offset, count, Q.One16, _exponentials, out max, _loops);
            int lnSum = FixedLog.LnQ16(sum, Q.TableFrac);
            if (gradient != null)
            {
                Softmax.Normalize(_exponentials, count, sum, gradient, _loops);   // p_i
                gradient[label] -= Q.One16;
            }
            return Sat.ToInt32(lnSum - ((long)logits[offset + label] - max));
        }

        /// <summary>
        /// Every unit's own loss through a linear head: for each unit i in [0, <paramref name="units"/>) whose
        /// response r_i (Q4.11) is not zero, the loss of the head's clean logits (Q15.16) with that unit's
        /// response added through its own column of <paramref name="weights"/> (int16 Q3.12 scaled by 2^e,
        /// e = <paramref name="weightExponent"/>, [classes, units] row-major),
        ///   z_o = sat32(clean[o] + round(r_i · W[o, i] / 2^(<see cref="ColumnShift"/> − e))),   losses[i] = <see cref="Forward"/>(z, label),
        /// which is what a column pass over [i, i+1) (<c>Network.AddColumns</c>) and this loss give. Units with
        /// r_i = 0 changed nothing: they are skipped and their losses[i] left as they were. Returns how many
        /// units were evaluated. <paramref name="logits"/> is scratch of at least <paramref name="classes"/>.
        /// A host's vector twin (<see cref="IVectorLoops.ColumnLosses"/>) may evaluate every unit at once (bit-identical);
        /// otherwise they are evaluated one by one.
        /// </summary>
        public int ColumnLosses(int[] clean, short[] weights, int weightExponent, int classes, int units, short[] response, int label, int[] logits, int[] losses)
        {
            int evaluated = _loops.ColumnLosses(clean, weights, weightExponent, classes, units, response, label, losses, null, out _);
            if (evaluated >= 0) return evaluated;
            return ColumnLossesPortable(clean, weights, weightExponent, classes, units, response, label, logits, losses);
        }

        /// <summary>
        /// <see cref="Forward"/> of the clean logits (its loss returned, its gradient into <paramref name="gradient"/>) and
        /// <see cref="ColumnLosses"/> (<paramref name="evaluated"/> units), in one call: a host's twin evaluates the clean logits
        /// as one more column, a unit whose response is zero, so they share its exponentials and logarithms. The same numbers
        /// as the two calls one after the other, which is what a device runs.
        /// </summary>
        public int CleanAndColumnLosses(int[] clean, short[] weights, int weightExponent, int classes, int units, short[] response, int label,
                                        int[] logits, int[] losses, int[] gradient, out int evaluated)
        {
            int loss;
            evaluated = _loops.ColumnLosses(clean, weights, weightExponent, classes, units, response, label, losses, gradient, out loss);
            if (evaluated >= 0) return loss;
            loss = Forward(clean, 0, classes, label, gradient);
            evaluated = ColumnLosses(clean, weights, weightExponent, classes, units, response, label, logits, losses);
            return loss;
        }

        /// <summary>The device's loop of <see cref="ColumnLosses"/> (what a host's twin must equal).</summary>
        public int ColumnLossesPortable(int[] clean, short[] weights, int weightExponent, int classes, int units, short[] response, int label, int[] logits, int[] losses)
        {
            int shift = ColumnShift - weightExponent;
            int evaluated = 0;
            for (int i = 0; i < units; i++)
            {
                int r = response[i];
                if (r == 0) continue;
                for (int o = 0; o < classes; o++)
                    logits[o] = Sat.Add32(clean[o], Sat.ShiftRound32(r * weights[o * units + i], shift));
                losses[i] = Forward(logits, 0, classes, label, null);
                evaluated++;
            }
            return evaluated;
        }
    }
}
