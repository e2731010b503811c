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
        private readonly int[] _exponentials;

        public CrossEntropy(int classCount) { _exponentials = new int[classCount]; }

        /// <summary>Bytes of the scratch array.</summary>
        public int StateBytes { get { return _exponentials.Length * 4; } }

        /// <summary>Returns the loss in Q15.16; writes the gradient if <paramref name="gradient"/> is not null.</summary>
        public int Forward(int[] logits, int offset, int count, int label, int[]? gradient)
        {
            int max;
            long sum = Softmax.Exponentials(logits, offset, count, Q.One16, _exponentials, out max);
            int lnSum = FixedLog.LnQ16(sum, Q.TableFrac);
            if (gradient != null)
            {
                Softmax.Normalize(_exponentials, count, sum, gradient);   // p_i
                gradient[label] -= Q.One16;
            }
            return Sat.ToInt32(lnSum - ((long)logits[offset + label] - max));
        }
    }
}
