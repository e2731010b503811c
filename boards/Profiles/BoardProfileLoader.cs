namespace Edge.Boards.Profiles;

/// <summary>
/// Reads board profiles strictly (System.Text.Json with <see cref="StrictJson"/> options, then ranges and wiring):
/// unknown or duplicate keys, wrong types, missing required keys, out-of-range values and malformed JSON are all rejected with one <see cref="BoardProfileException"/> that names the file
/// and the key (e.g. "boards/x.json: inputs.noise_lsb: must be a number in [0, 1000], got -1").
/// Every key is documented in boards/README.md.
/// </summary>
public static class BoardProfileLoader
{
    private static readonly (string, BoardKind)[] Kinds =
    {
        ("simulated", BoardKind.Simulated),
        ("linux-mcp3008", BoardKind.LinuxMcp3008),
        ("linux-ads1115", BoardKind.LinuxAds1115),
        ("nanoframework-esp32", BoardKind.NanoFrameworkEsp32),
    };

    private static readonly (string, NonlinearityKind)[] NonlinearityKinds =
    {
        ("none", NonlinearityKind.None),
        ("compress-high", NonlinearityKind.CompressHigh),
        ("bow", NonlinearityKind.Bow),
    };

    private static readonly (string, NeuronShape)[] Shapes =
    {
        ("relu", NeuronShape.Relu),
        ("softplus-ish", NeuronShape.SoftplusIsh),
    };

    /// <summary>Channels per MCP3008 chip and per ADS1115 chip.</summary>
    public const int Mcp3008Channels = 8, Ads1115Channels = 4;

    /// <summary>The largest profile file read.</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>Loads and validates the profile at <paramref name="path"/>.</summary>
    public static BoardProfile Load(string path)
    {
        if (Directory.Exists(path)) throw new BoardProfileException(path, "", "is a directory, not a board profile");
        string json;
        try
        {
            // Read at most MaxFileBytes + 1: a profile is a page of JSON, and a device like /dev/zero never ends.
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var bytes = new byte[MaxFileBytes + 1];
            int length = 0, n;
            while (length < bytes.Length && (n = file.Read(bytes, length, bytes.Length - length)) > 0) length += n;
            if (length > MaxFileBytes) throw new BoardProfileException(path, "", $"more than {MaxFileBytes} bytes: not a board profile");
            json = new System.Text.UTF8Encoding(false).GetString(bytes, 0, length).TrimStart('\uFEFF');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BoardProfileException(path, "", "cannot read the file: " + e.Message, e);
        }
        return Parse(json, path);
    }

    /// <summary>Loads every <c>*.json</c> in <paramref name="directory"/>, sorted by file name.</summary>
    public static BoardProfile[] LoadAll(string directory) =>
        Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(Load).ToArray();

    /// <summary>Validates the profile text <paramref name="json"/>; <paramref name="sourceName"/> is used in messages.</summary>
    public static BoardProfile Parse(string json, string sourceName)
    {
        ProfileJson file = StrictJson.Deserialize<ProfileJson>(json, (key, problem, e) => new BoardProfileException(sourceName, key, problem, e));
        var check = new ProfileCheck(sourceName);
        string name = check.Text("name", file.Name, 64);
        string description = check.Text("description", file.Description, 2000);
        BoardKind kind = check.Choice("kind", file.Kind, Kinds);
        InputProfile inputs = ReadInputs(check, file.Inputs);
        AnalogNeuronProfile? neurons = file.AnalogNeurons is { } n
            ? new AnalogNeuronProfile(
                check.Number("analog_neurons.slope_spread", n.SlopeSpread, 0, 1),
                check.Number("analog_neurons.threshold_spread", n.ThresholdSpread, 0, 4),
                check.Choice("analog_neurons.shape", n.Shape, Shapes))
            : null;
        AgeingProfile? ageing = file.Ageing is { } a
            ? new AgeingProfile(check.Number("ageing.gain_drift_per_million_ops", a.GainDriftPerMillionOps, 0, 1))
            : null;
        long? endOfLife = file.EndOfLifeOps is { } ops ? check.Integer("end_of_life_ops", ops, 1, long.MaxValue) : null;
        PinProfile? pins = file.Pins is { } p ? ReadPins(check, p) : null;
        CheckWiring(check, kind, inputs, pins);
        return new BoardProfile(name, description, kind, inputs, neurons, ageing, endOfLife, pins, sourceName);
    }

    private static InputProfile ReadInputs(ProfileCheck check, InputsJson o)
    {
        int channels = (int)check.Integer("inputs.channels", o.Channels, 1, 4096);
        int bits = (int)check.Integer("inputs.adc_bits", o.AdcBits, 4, 24);
        double codes = 1 << bits;
        double vref = check.Number("inputs.vref_mv", o.VrefMv, 1, 100_000);
        double vrefSpread = check.Number("inputs.vref_spread_mv", o.VrefSpreadMv, 0, vref / 4);
        double attenuation = o.AttenuationDb is { } db ? check.Number("inputs.attenuation_db", db, 0, 20) : 0;
        double noise = check.Number("inputs.noise_lsb", o.NoiseLsb, 0, codes / 4);
        double gainSpread = check.Number("inputs.gain_spread", o.GainSpread, 0, 0.5);
        double offsetSpread = check.Number("inputs.offset_spread_lsb", o.OffsetSpreadLsb, 0, codes / 4);
        double inl = check.Number("inputs.inl_lsb", o.InlLsb, 0, codes / 8);
        NonlinearityProfile nonlinearity = ReadNonlinearity(check, o.Nonlinearity, bits);
        return new InputProfile(channels, bits, vref, vrefSpread, attenuation, noise, gainSpread, offsetSpread, inl, nonlinearity, o.Clip);
    }

    /// <summary>Each kind of nonlinearity has its own keys; a key of another kind is unknown here.</summary>
    private static NonlinearityProfile ReadNonlinearity(ProfileCheck check, NonlinearityJson o, int bits)
    {
        const string At = "inputs.nonlinearity.";
        int codes = 1 << bits;
        NonlinearityKind kind = check.Choice(At + "kind", o.Kind, NonlinearityKinds);
        bool compress = kind == NonlinearityKind.CompressHigh, bow = kind == NonlinearityKind.Bow;
        check.OnlyFor(At + "knee_code", o.KneeCode, compress, o.Kind);
        check.OnlyFor(At + "slope_above_knee", o.SlopeAboveKnee, compress, o.Kind);
        check.OnlyFor(At + "bow_lsb", o.BowLsb, bow, o.Kind);
        return kind switch
        {
            NonlinearityKind.CompressHigh => new NonlinearityProfile(kind,
                KneeCode: (int)check.Integer(At + "knee_code", check.Required(At + "knee_code", o.KneeCode), 1, codes - 1),
                SlopeAboveKnee: check.Number(At + "slope_above_knee", check.Required(At + "slope_above_knee", o.SlopeAboveKnee), 0.01, 1)),
            NonlinearityKind.Bow => new NonlinearityProfile(kind,
                BowLsb: check.Number(At + "bow_lsb", check.Required(At + "bow_lsb", o.BowLsb), -codes / 8.0, codes / 8.0)),
            _ => NonlinearityProfile.Straight,
        };
    }

    private static PinProfile ReadPins(ProfileCheck check, PinsJson o) => new(
        SpiBus: o.SpiBus is { } spi ? (int)check.Integer("pins.spi_bus", spi, 0, 255) : null,
        ChipSelects: check.DistinctIntegers("pins.chip_selects", o.ChipSelects, 0, 255),
        I2cBus: o.I2cBus is { } i2c ? (int)check.Integer("pins.i2c_bus", i2c, 0, 255) : null,
        I2cAddresses: check.DistinctIntegers("pins.i2c_addresses", o.I2cAddresses, 0x08, 0x77),
        AdcChannels: check.DistinctIntegers("pins.adc_channels", o.AdcChannels, 0, 255),
        ButtonPin: o.ButtonPin is { } button ? (int)check.Integer("pins.button_pin", button, 0, 1023) : null,
        LedPin: o.LedPin is { } led ? (int)check.Integer("pins.led_pin", led, 0, 1023) : null);

    /// <summary>A real board kind needs the wiring that reaches its channels, and exactly as many channels.</summary>
    private static void CheckWiring(ProfileCheck root, BoardKind kind, InputProfile inputs, PinProfile? pins)
    {
        switch (kind)
        {
            case BoardKind.LinuxMcp3008:
                if (inputs.AdcBits != 10) throw root.Fail("inputs.adc_bits", $"must be 10 for linux-mcp3008, got {inputs.AdcBits}");
                RequirePin(root, pins?.SpiBus, "pins.spi_bus", kind);
                RequireChips(root, pins?.ChipSelects, "pins.chip_selects", Mcp3008Channels, inputs.Channels, kind);
                break;
            case BoardKind.LinuxAds1115:
                RequirePin(root, pins?.I2cBus, "pins.i2c_bus", kind);
                RequireChips(root, pins?.I2cAddresses, "pins.i2c_addresses", Ads1115Channels, inputs.Channels, kind);
                break;
            case BoardKind.NanoFrameworkEsp32:
                RequireChips(root, pins?.AdcChannels, "pins.adc_channels", 1, inputs.Channels, kind);
                break;
        }
    }

    private static void RequirePin(ProfileCheck root, int? value, string key, BoardKind kind)
    {
        if (value is null) throw root.Fail(key, $"missing required key (needed by kind {kind})");
    }

    private static void RequireChips(ProfileCheck root, int[]? chips, string key, int channelsPerChip, int channels, BoardKind kind)
    {
        if (chips is null) throw root.Fail(key, $"missing required key (needed by kind {kind})");
        if (chips.Length * channelsPerChip != channels)
            throw root.Fail("inputs.channels", $"must be {channelsPerChip} × {chips.Length} entries of {key} = {chips.Length * channelsPerChip}, got {channels}");
    }
}
