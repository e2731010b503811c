using Edge.Core.Storage;

namespace Edge.Host.Device;

/// <summary>HELLO: who the board is.</summary>
public sealed record DeviceHello(int ProtocolVersion, int FirmwareVersion, int ImageFormatVersion, uint Serial,
                                 int ChannelCount, int AdcBits, string Profile);

/// <summary>
/// INFO: HELLO plus memory, operations and the model (null when none), and the damaged model images in the board's
/// flash: how many, and the highest generation their headers tell (0: none tells).
/// </summary>
public sealed record DeviceInfo(DeviceHello Identity, long FreeMemory, long Operations, DeviceModelInfo? Model,
                                int DamagedSlots = 0, uint DamagedGeneration = 0);

/// <summary>The model part of INFO.</summary>
public sealed record DeviceModelInfo(ModelConfig Config, byte ActivationKind, long SamplesSeen, int StateBytes, uint Generation)
{
    public string AlgorithmName => LearningAlgorithm.Name(Config.Algorithm) ?? "?";
}

/// <summary>CONFIGURE: the built model's size.</summary>
public sealed record ConfigureResult(int ParameterCount, int StateBytes);

/// <summary>One trained sample: loss of its clean pass (Q15.16) and the class the clean pass predicted.</summary>
public readonly record struct TrainResult(int LossQ16, int Predicted)
{
    public double Loss => LossQ16 / 65536.0;
}

/// <summary>SAVE: the image written.</summary>
public sealed record SaveResult(uint Generation, int Slot, int ImageBytes);

/// <summary>LOAD: the image loaded.</summary>
public sealed record LoadResult(uint Generation, int Slot, long SamplesSeen, ModelConfig Config);

/// <summary>RESET: whether the re-booted board found a model, and its generation.</summary>
public sealed record ResetResult(bool ModelLoaded, uint Generation);

/// <summary>STATS counters.</summary>
public sealed record DeviceStats(long Operations, uint FramesAccepted, uint FramesRejected, long SamplesTrained,
                                 long ForwardPasses, int LastLossQ16, uint Correct, uint Counted)
{
    /// <summary>Running train accuracy since the counters were last reset (NaN before any sample).</summary>
    public double TrainAccuracy => Counted == 0 ? double.NaN : (double)Correct / Counted;
}
