using Edge.Core.Kernels;
using Edge.Core.Losses;
using Edge.Core.Numerics;

namespace Edge.Core.Learning
{
    /// <summary>
    /// What the current sample should produce, and the loss that measures it: a hard label
    /// (cross-entropy), teacher soft targets at temperature T (T²-scaled soft-target cross-entropy),
    /// or a mix L = α·L_label + (1 − α)·L_soft. Loss and gradient with respect to the logits in Q15.16.
    /// Allocation-free after construction; the teacher array is borrowed, not copied.
    /// </summary>
    public sealed class LossTarget
    {
        private readonly CrossEntropy _hard;
        private readonly SoftTargetCrossEntropy _soft;
        private readonly int[] _softGradient;
        private int _label = -1;
        private int[]? _teacher;
        private bool _teacherIsLogits;
        private int _temperatureQ16 = Q.One16;
        private int _labelWeightQ16;

        public LossTarget(int classCount) : this(classCount, NoVectorLoops.Instance) { }

        /// <summary>A target over <paramref name="classCount"/> classes whose losses' loops a host's vector twins may run.</summary>
        public LossTarget(int classCount, IVectorLoops loops)
        {
            _hard = new CrossEntropy(classCount, loops);
            _soft = new SoftTargetCrossEntropy(classCount, loops);
            _softGradient = new int[classCount];
        }

        /// <summary>Bytes of the scratch arrays of the loss functions.</summary>
        public int StateBytes { get { return _softGradient.Length * 4 + _hard.StateBytes + _soft.StateBytes; } }

        /// <summary>The label of the current sample (−1 if none).</summary>
        public int Label { get { return _label; } }

        /// <summary>Whether the loss is the plain cross-entropy of a label (no teacher): what <see cref="ColumnLosses"/> needs.</summary>
        public bool IsHardLabel { get { return _teacher == null && _label >= 0; } }

        /// <summary>
        /// With a hard label (<see cref="IsHardLabel"/>), every unit's own loss through a linear head: for each unit i
        /// whose response is not zero, the loss of the head's clean logits with r_i·W[:, i] added, exactly as a column
        /// pass over that one unit and <see cref="Evaluate"/> give it (<see cref="CrossEntropy.ColumnLosses"/>); the
        /// others' losses[i] are left as they were. Returns how many units were evaluated.
        /// </summary>
        public int ColumnLosses(int[] clean, short[] weights, int weightExponent, int classes, int units, short[] response, int[] logits, int[] losses)
        {
            if (!IsHardLabel) throw new System.InvalidOperationException("column losses need a hard label");
            return _hard.ColumnLosses(clean, weights, weightExponent, classes, units, response, _label, logits, losses);
        }

        /// <summary>
        /// With a hard label, <see cref="Evaluate"/> of the clean logits (the loss returned, ∂L/∂logits into
        /// <paramref name="gradient"/>) and <see cref="ColumnLosses"/> (<paramref name="evaluated"/> units) in one call
        /// (<see cref="CrossEntropy.CleanAndColumnLosses"/>).
        /// </summary>
        public int CleanAndColumnLosses(int[] clean, short[] weights, int weightExponent, int classes, int units, short[] response, int[] logits, int[] losses,
                                        int[] gradient, out int evaluated)
        {
            if (!IsHardLabel) throw new System.InvalidOperationException("column losses need a hard label");
            return _hard.CleanAndColumnLosses(clean, weights, weightExponent, classes, units, response, _label, logits, losses, gradient, out evaluated);
        }

        /// <summary>Train on a hard label.</summary>
        public void SetLabel(int label)
        {
            _label = label;
            _teacher = null;
        }

        /// <summary>
        /// Train on teacher soft targets: logits or probabilities (Q15.16) at temperature T (Q15.16),
        /// mixed with <paramref name="label"/> by weight α = <paramref name="labelWeightQ16"/> (0 = soft only;
        /// ignored when label is −1).
        /// </summary>
        public void SetTeacher(int[] teacher, bool teacherIsLogits, int temperatureQ16, int label, int labelWeightQ16)
        {
            if (temperatureQ16 <= 0) throw new System.ArgumentOutOfRangeException("temperatureQ16");
            _teacher = teacher;
            _teacherIsLogits = teacherIsLogits;
            _temperatureQ16 = temperatureQ16;
            _label = label;
            _labelWeightQ16 = label < 0 ? 0 : Sat.Clamp(labelWeightQ16, 0, Q.One16);
        }

        /// <summary>Loss of <paramref name="logits"/> (Q15.16); writes ∂L/∂logits when <paramref name="gradient"/> is not null.</summary>
        public int Evaluate(int[] logits, int count, int[]? gradient)
        {
            int[]? teacher = _teacher;
            if (teacher == null)
                return _hard.Forward(logits, 0, count, _label, gradient);

            int soft = _teacherIsLogits
                ? _soft.FromTeacherLogits(logits, 0, count, teacher, 0, _temperatureQ16, gradient == null ? null : _softGradient)
                : _soft.FromTeacherProbabilities(logits, 0, count, teacher, _temperatureQ16, gradient == null ? null : _softGradient);
            if (_labelWeightQ16 == 0)
            {
                if (gradient != null) System.Array.Copy(_softGradient, gradient, count);
                return soft;
            }
            int alpha = _labelWeightQ16;
            int hard = _hard.Forward(logits, 0, count, _label, gradient);
            if (gradient != null)
                for (int i = 0; i < count; i++)
                    gradient[i] = Mix(gradient[i], _softGradient[i], alpha);
            return Mix(hard, soft, alpha);
        }

        /// <summary>α·a + (1 − α)·b with α in Q15.16.</summary>
        private static int Mix(int a, int b, int alphaQ16)
        {
            return Sat.ShiftRound32((long)a * alphaQ16 + (long)b * (Q.One16 - alphaQ16), Q.ValueFrac);
        }
    }
}
