namespace Edge.Host.Learn;

/// <summary>A trained network whose weights can go onto a board: int16 Q3.12, in the firmware's weight-stream order.</summary>
public interface IExportsWeights
{
    /// <summary>Layer sizes, input first.</summary>
    int[] Sizes { get; }

    /// <summary>
    /// Layer 0 weights row-major [out, in], layer 0 biases, layer 1 weights, ... as Q3.12 (value × 4096, rounded
    /// half away from zero, saturated to the int16 range).
    /// </summary>
    short[] ExportQ3_12();
}
