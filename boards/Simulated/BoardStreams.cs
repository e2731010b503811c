namespace Edge.Boards.Simulated;

/// <summary>
/// PCG32 stream numbers of the per-board random quantities. A board's serial number is the seed; each
/// quantity has its own stream so that, e.g., adding channels to a profile leaves the board's Vref alone.
/// Changing a value here changes every simulated board: treat them as part of the file format.
/// </summary>
public static class BoardStreams
{
    /// <summary>Per-board reference voltage.</summary>
    public const ulong Vref = 0x5645_5246;            // "VREF"
    /// <summary>Per-channel gain.</summary>
    public const ulong Gain = 0x4741_494E;            // "GAIN"
    /// <summary>Per-channel offset.</summary>
    public const ulong Offset = 0x4F46_4653;          // "OFFS"
    /// <summary>Per-board integral nonlinearity pattern.</summary>
    public const ulong Inl = 0x494E_4C30;             // "INL0"
    /// <summary>Per-channel ageing drift direction.</summary>
    public const ulong Drift = 0x4452_4654;           // "DRFT"
    /// <summary>Per-unit slope and threshold of analog neurons.</summary>
    public const ulong Neurons = 0x4E45_5552;         // "NEUR"
    /// <summary>Read noise of a simulated board (restarts when the board is opened, so runs repeat).</summary>
    public const ulong Noise = 0x4E4F_4953;           // "NOIS"
}
