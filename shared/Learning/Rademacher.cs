using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Core.Learning
{
    /// <summary>
    /// The two per-unit loops of activity perturbation around a perturbed pass: drawing a random ±σ
    /// direction, and turning the measured slope back into per-unit estimates. Without branches: the
    /// signs are random, so are the active units, and a branch on them would be mispredicted half the
    /// time. A host's vector twins (<see cref="IVectorLoops"/>) may run them first, bit-identical; on a device
    /// (<see cref="NoVectorLoops"/>) these loops do all.
    /// </summary>
    public static class Rademacher
    {
        /// <summary>
        /// delta[i] = +σ for a set bit, −σ for a clear one, for i in [first, end): bit (i − first) mod 32 of
        /// the next word drawn from <paramref name="rng"/> every 32 units; 0 for a unit whose activation is 0
        /// when <paramref name="activeOnly"/>. Returns whether any unit is perturbed.
        /// </summary>
        public static bool Draw(Pcg32 rng, short[] activation, bool activeOnly, int first, int end, int sigma, int[] delta, IVectorLoops loops)
        {
            int perturbed = 0;   // all ones once any unit is perturbed
            for (int chunk = first; chunk < end; chunk += 32)
            {
                uint bits = rng.NextUInt();
                int chunkEnd = end - chunk < 32 ? end : chunk + 32;
                if (loops.DrawChunk(bits, activation, activeOnly, chunk, chunkEnd, sigma, delta, ref perturbed)) continue;
                for (int i = chunk; i < chunkEnd; i++)
                {
                    int negative = (int)((bits >> (i - chunk)) & 1) - 1;   // 0 for a set bit (+σ), −1 for a clear one (−σ)
                    int a = activation[i];
                    int keep = activeOnly ? (a | -a) >> 31 : -1;         // −1 unless an inactive unit is skipped
                    delta[i] = ((sigma ^ negative) - negative) & keep;
                    perturbed |= keep;
                }
            }
            return perturbed != 0;
        }

        /// <summary>
        /// For i in [first, end): estimate[i] = sign(δ_i) · slope (wrapping), or, when
        /// <paramref name="accumulate"/>, added to it with saturation; then δ_i = 0.
        /// </summary>
        public static void Estimate(int[] delta, int first, int end, int slope, bool accumulate, int[] estimate, IVectorLoops loops)
        {
            int i = accumulate ? first : loops.AssignSigns(delta, first, end, slope, estimate);
            for (; i < end; i++)
            {
                int d = delta[i];
                int sign = (d >> 31) | (int)((uint)(-d) >> 31);   // −1, 0 or +1
                estimate[i] = accumulate ? Sat.Add32(estimate[i], sign * slope) : sign * slope;
                delta[i] = 0;
            }
        }

        /// <summary>
        /// δ_i = 0 for every unit i in [0, <paramref name="units"/>) whose measured response to its nudge is 0: a unit
        /// that did not move gets no loss and no estimate.
        /// </summary>
        public static void KeepResponding(int[] delta, short[] response, int units, IVectorLoops loops)
        {
            for (int i = loops.KeepResponding(delta, response, units); i < units; i++)
                delta[i] &= -(response[i] & 0xFFFF) >> 31;   // all ones where the response is not 0
        }

        /// <summary>
        /// Every unit's own forward-difference estimate, for i in [0, <paramref name="units"/>): with the unit's
        /// measured loss L_i in estimate[i] on entry (Q15.16),
        ///   estimate[i] = sign(δ_i) · sat32(((L_i − L0) · 2^16) / σ)   (the product wrapping, as <see cref="Estimate"/>'s),
        /// and 0 where δ_i = 0 (whatever estimate[i] held). The quotient is C#'s (toward zero). δ is not changed.
        /// </summary>
        public static void EstimateEach(int[] delta, int units, int loss0, int sigma, int[] estimate, IVectorLoops loops)
        {
            int i = loops.EstimateEach(delta, units, loss0, sigma, estimate);
            for (; i < units; i++)
            {
                int d = delta[i];
                if (d == 0) { estimate[i] = 0; continue; }   // no response, no loss: no division either
                int sign = (d >> 31) | (int)((uint)(-d) >> 31);
                int slope = Sat.ToInt32((((long)estimate[i] - loss0) << Q.ValueFrac) / sigma);
                estimate[i] = sign * slope;
            }
        }
    }
}
