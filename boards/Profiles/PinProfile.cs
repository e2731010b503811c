namespace Edge.Boards.Profiles;

/// <summary>
/// Wiring of a real board. All fields are optional; the loader checks that a board kind has the ones it needs.
/// Pin numbers are the platform's GPIO numbers (BCM on a Raspberry Pi, GPIO on an ESP32).
/// </summary>
/// <param name="SpiBus">SPI bus id (linux: /dev/spidev&lt;bus&gt;.&lt;cs&gt;).</param>
/// <param name="ChipSelects">SPI chip-select lines, one per ADC chip, in channel order.</param>
/// <param name="I2cBus">I2C bus id (linux: /dev/i2c-&lt;bus&gt;).</param>
/// <param name="I2cAddresses">7-bit I2C addresses, one per ADC chip, in channel order.</param>
/// <param name="AdcChannels">On-chip ADC channel numbers, one per input (ESP32 ADC1 channels).</param>
/// <param name="ButtonPin">GPIO of the label button.</param>
/// <param name="LedPin">GPIO of the status LED.</param>
public sealed record PinProfile(
    int? SpiBus = null,
    int[]? ChipSelects = null,
    int? I2cBus = null,
    int[]? I2cAddresses = null,
    int[]? AdcChannels = null,
    int? ButtonPin = null,
    int? LedPin = null);
