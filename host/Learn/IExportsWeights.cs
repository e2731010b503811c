namespace Edge.Host.Learn;

/// <summary>A trained network whose weights can go onto a board: int16, in the firmware's weight-stream order.</summary>
public interface IExportsWeights
{
    /// <summary>Layer sizes, input first.</summary>
    int[] Sizes { get; }

    /// <summary>
    /// Layer 0 weights row-major [out, in], layer 0 biases, layer 1 weights, ... as int16 Q3.12 scaled by each layer's
    /// weight exponent (Q(3+e).(12−e)), and those exponents, one per layer.
    /// </summary>
    (short[] Values, int[] Exponents) ExportWeights();
}
