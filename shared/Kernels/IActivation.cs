namespace Edge.Core.Kernels
{
    /// <summary>
    /// A hidden nonlinearity: pre-activations in int32 Q15.16 to activations in int16 Q4.11.
    /// Pluggable so that a board can supply its own physical (and unknown) transfer curve; learners
    /// only ever evaluate it forward, never its derivative.
    /// </summary>
    public interface IActivation
    {
        /// <summary>h[i] = f(z[i]) for i in [0, count). <paramref name="layer"/> lets a board give each layer its own units.</summary>
        void Forward(int layer, int[] preActivation, short[] activation, int count);
    }
}
