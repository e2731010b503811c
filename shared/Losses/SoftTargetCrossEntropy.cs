using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Core.Losses
{
    /// <summary>
    /// Distillation loss (Hinton, Vinyals, Dean 2015): the cross-entropy between a teacher's soft
    /// distribution q and the student's softmax at temperature T, scaled by T² so that its gradients
    /// keep their size as T changes:
    ///   L = T² · Σ_i −q_i · log softmax(z/T)_i,   ∂L/∂z_i = T · (softmax(z/T)_i − q_i).
    /// q comes either as probabilities (already at temperature T) or as teacher logits, softened here
    /// at the same T. Logits, T, q, loss and gradient in Q15.16; the loss sum is kept in Q.32 before the
    /// T² scaling so high temperatures do not amplify rounding. Allocation-free after construction.
    /// </summary>
    public sealed class SoftTargetCrossEntropy
    {
        /// <summary>
        /// The smallest temperature honoured, 2^-8 in Q15.16; lower ones (including T &lt;= 0) are raised to it.
        /// Below it T² rounds to 0 in Q15.16 (a division by zero in the scaling) and a scaled logit
        /// difference of up to 2^48 times a Q15.16 probability overflows the Q.32 loss sum.
        /// </summary>
        public const int MinTemperatureQ16 = 256;

        private readonly int[] _exponentials;
        private readonly int[] _teacherProbabilities;
        private readonly IVectorLoops _loops;

        public SoftTargetCrossEntropy(int classCount) : this(classCount, NoVectorLoops.Instance) { }

        /// <summary>The loss of <paramref name="classCount"/> classes, whose softmax a host's vector twin may normalise (<see cref="IVectorLoops"/>).</summary>
        public SoftTargetCrossEntropy(int classCount, IVectorLoops loops)
        {
            if (loops == null) throw new System.ArgumentNullException("loops");
            _exponentials = new int[classCount];
            _teacherProbabilities = new int[classCount];
            _loops = loops;
        }

        /// <summary>Bytes of the scratch arrays.</summary>
        public int StateBytes { get { return (_exponentials.Length + _teacherProbabilities.Length) * 4; } }

        /// <summary>Loss against teacher logits softened at <paramref name="temperatureQ16"/>.</summary>
        public int FromTeacherLogits(int[] logits, int offset, int count, int[] teacherLogits, int teacherOffset,
                                     int temperatureQ16, int[]? gradient)
        {
            if (temperatureQ16 < MinTemperatureQ16) temperatureQ16 = MinTemperatureQ16;
            Softmax.Forward(teacherLogits, teacherOffset, count, temperatureQ16, _teacherProbabilities, _loops);
            return FromTeacherProbabilities(logits, offset, count, _teacherProbabilities, temperatureQ16, gradient);
        }

        /// <summary>Loss against teacher probabilities (Q15.16, at temperature T).</summary>
        public int FromTeacherProbabilities(int[] logits, int offset, int count, int[] teacherProbabilities,
                                            int temperatureQ16, int[]? gradient)
        {
            if (temperatureQ16 < MinTemperatureQ16) temperatureQ16 = MinTemperatureQ16;
            int max;
            long sum = Softmax.Exponentials(logits, offset, count, temperatureQ16, _exponentials, out max);
            int lnSum = FixedLog.LnQ16(sum, Q.TableFrac);

            long crossEntropyQ32 = 0;
            long half = sum >> 1;
            for (int i = 0; i < count; i++)
            {
                long negLogP = lnSum - Softmax.ScaledDifference(logits[offset + i], max, temperatureQ16);
                crossEntropyQ32 += (long)teacherProbabilities[i] * negLogP;
                if (gradient != null)
                {
                    int p = (int)((((long)_exponentials[i] << Q.ValueFrac) + half) / sum);
                    gradient[i] = Sat.Mul32(temperatureQ16, p - teacherProbabilities[i], Q.ValueFrac);
                }
            }
            return ScaleByTemperatureSquared(crossEntropyQ32, temperatureQ16);
        }

        /// <summary>T² · x for x in Q.32 and T in Q15.16; result Q15.16, saturated.</summary>
        private static int ScaleByTemperatureSquared(long crossEntropyQ32, int temperatureQ16)
        {
            long t2Q16 = Sat.ShiftRound((long)temperatureQ16 * temperatureQ16, Q.ValueFrac);
            long ceQ24 = Sat.ShiftRound(crossEntropyQ32, 8);
            if (ceQ24 > long.MaxValue / t2Q16 || ceQ24 < long.MinValue / t2Q16)
                return ceQ24 > 0 ? int.MaxValue : int.MinValue;
            return Sat.ShiftRound32(ceQ24 * t2Q16, 24);
        }
    }
}
