using System.Text.Json.Serialization;

namespace Edge.Boards.Profiles;

// The shape of a board profile file as System.Text.Json reads it (keys in snake_case, documented in
// boards/README.md). `required` keys must be present; the others may be left out. Ranges, choices and
// wiring are checked afterwards by BoardProfileLoader, which names the key of each.

internal sealed class ProfileJson
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required string Kind { get; init; }
    public required InputsJson Inputs { get; init; }
    public AnalogNeuronsJson? AnalogNeurons { get; init; }
    public AgeingJson? Ageing { get; init; }
    public long? EndOfLifeOps { get; init; }
    public PinsJson? Pins { get; init; }
}

internal sealed class InputsJson
{
    public required int Channels { get; init; }
    public required int AdcBits { get; init; }
    public required double VrefMv { get; init; }
    public required double VrefSpreadMv { get; init; }
    public double? AttenuationDb { get; init; }
    public required double NoiseLsb { get; init; }
    public required double GainSpread { get; init; }
    public required double OffsetSpreadLsb { get; init; }
    public required double InlLsb { get; init; }
    public required NonlinearityJson Nonlinearity { get; init; }
    public required bool Clip { get; init; }
}

internal sealed class NonlinearityJson
{
    public required string Kind { get; init; }
    public int? KneeCode { get; init; }
    public double? SlopeAboveKnee { get; init; }
    public double? BowLsb { get; init; }
}

internal sealed class AnalogNeuronsJson
{
    public required double SlopeSpread { get; init; }
    public required double ThresholdSpread { get; init; }
    public required string Shape { get; init; }
}

internal sealed class AgeingJson
{
    public required double GainDriftPerMillionOps { get; init; }
}

internal sealed class PinsJson
{
    public int? SpiBus { get; init; }
    public int[]? ChipSelects { get; init; }
    [JsonPropertyName("i2c_bus")] public int? I2cBus { get; init; }
    [JsonPropertyName("i2c_addresses")] public int[]? I2cAddresses { get; init; }
    public int[]? AdcChannels { get; init; }
    public int? ButtonPin { get; init; }
    public int? LedPin { get; init; }
}
