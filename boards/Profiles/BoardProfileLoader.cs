using System.Text.Json;

namespace Edge.Boards.Profiles;

/// <summary>
/// Reads board profiles strictly: unknown keys, wrong types, missing required keys, out-of-range values
/// and malformed JSON are all rejected with one <see cref="BoardProfileException"/> that names the file
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
        var options = new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };
        JsonDocument document;
        try { document = JsonDocument.Parse(json, options); }
        catch (JsonException e)
        {
            string where = $"line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}";
            var readerOptions = new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };
            string path = JsonErrorLocator.PathAtError(json, readerOptions);
            string reason = e.Message;
            int duplicatePosition = reason.IndexOf(" LineNumber:", StringComparison.Ordinal); // we already said where
            if (duplicatePosition > 0) reason = reason[..duplicatePosition];
            throw new BoardProfileException(sourceName, path, $"malformed JSON at {where}: {reason}", e);
        }
        using (document) return ReadProfile(new JsonObjectReader(document.RootElement, sourceName, ""), sourceName);
    }

    private static BoardProfile ReadProfile(JsonObjectReader root, string sourceName)
    {
        string name = root.RequiredString("name", 64);
        string description = root.RequiredString("description", 2000);
        BoardKind kind = root.RequiredChoice("kind", Kinds);
        InputProfile inputs = ReadInputs(root.RequiredObject("inputs"));
        AnalogNeuronProfile? neurons = ReadAnalogNeurons(root.OptionalObject("analog_neurons"));
        AgeingProfile? ageing = ReadAgeing(root.OptionalObject("ageing"));
        long? endOfLife = root.OptionalLong("end_of_life_ops", 1, long.MaxValue);
        PinProfile? pins = ReadPins(root.OptionalObject("pins"));
        root.RejectUnknownKeys();
        CheckWiring(root, kind, inputs, pins);
        return new BoardProfile(name, description, kind, inputs, neurons, ageing, endOfLife, pins, sourceName);
    }

    private static InputProfile ReadInputs(JsonObjectReader o)
    {
        int channels = o.RequiredInt("channels", 1, 4096);
        int bits = o.RequiredInt("adc_bits", 4, 24);
        double codes = 1 << bits;
        double vref = o.RequiredNumber("vref_mv", 1, 100_000);
        double vrefSpread = o.RequiredNumber("vref_spread_mv", 0, vref / 4);
        double attenuation = o.OptionalNumber("attenuation_db", 0, 20, 0);
        double noise = o.RequiredNumber("noise_lsb", 0, codes / 4);
        double gainSpread = o.RequiredNumber("gain_spread", 0, 0.5);
        double offsetSpread = o.RequiredNumber("offset_spread_lsb", 0, codes / 4);
        double inl = o.RequiredNumber("inl_lsb", 0, codes / 8);
        NonlinearityProfile nonlinearity = ReadNonlinearity(o.RequiredObject("nonlinearity"), bits);
        bool clip = o.RequiredBool("clip");
        o.RejectUnknownKeys();
        return new InputProfile(channels, bits, vref, vrefSpread, attenuation, noise, gainSpread, offsetSpread, inl, nonlinearity, clip);
    }

    private static NonlinearityProfile ReadNonlinearity(JsonObjectReader o, int bits)
    {
        int codes = 1 << bits;
        NonlinearityKind kind = o.RequiredChoice("kind", NonlinearityKinds);
        NonlinearityProfile result = kind switch
        {
            NonlinearityKind.CompressHigh => new NonlinearityProfile(kind,
                KneeCode: o.RequiredInt("knee_code", 1, codes - 1),
                SlopeAboveKnee: o.RequiredNumber("slope_above_knee", 0.01, 1)),
            NonlinearityKind.Bow => new NonlinearityProfile(kind, BowLsb: o.RequiredNumber("bow_lsb", -codes / 8.0, codes / 8.0)),
            _ => NonlinearityProfile.Straight,
        };
        o.RejectUnknownKeys();
        return result;
    }

    private static AnalogNeuronProfile? ReadAnalogNeurons(JsonObjectReader? o)
    {
        if (o is null) return null;
        var result = new AnalogNeuronProfile(
            o.RequiredNumber("slope_spread", 0, 1),
            o.RequiredNumber("threshold_spread", 0, 4),
            o.RequiredChoice("shape", Shapes));
        o.RejectUnknownKeys();
        return result;
    }

    private static AgeingProfile? ReadAgeing(JsonObjectReader? o)
    {
        if (o is null) return null;
        var result = new AgeingProfile(o.RequiredNumber("gain_drift_per_million_ops", 0, 1));
        o.RejectUnknownKeys();
        return result;
    }

    private static PinProfile? ReadPins(JsonObjectReader? o)
    {
        if (o is null) return null;
        var result = new PinProfile(
            SpiBus: o.OptionalInt("spi_bus", 0, 255),
            ChipSelects: o.OptionalDistinctIntArray("chip_selects", 0, 255),
            I2cBus: o.OptionalInt("i2c_bus", 0, 255),
            I2cAddresses: o.OptionalDistinctIntArray("i2c_addresses", 0x08, 0x77),
            AdcChannels: o.OptionalDistinctIntArray("adc_channels", 0, 255),
            ButtonPin: o.OptionalInt("button_pin", 0, 1023),
            LedPin: o.OptionalInt("led_pin", 0, 1023));
        o.RejectUnknownKeys();
        return result;
    }

    /// <summary>A real board kind needs the wiring that reaches its channels, and exactly as many channels.</summary>
    private static void CheckWiring(JsonObjectReader root, BoardKind kind, InputProfile inputs, PinProfile? pins)
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

    private static void RequirePin(JsonObjectReader root, int? value, string key, BoardKind kind)
    {
        if (value is null) throw root.Fail(key, $"missing required key (needed by kind {kind})");
    }

    private static void RequireChips(JsonObjectReader root, int[]? chips, string key, int channelsPerChip, int channels, BoardKind kind)
    {
        if (chips is null) throw root.Fail(key, $"missing required key (needed by kind {kind})");
        if (chips.Length * channelsPerChip != channels)
            throw root.Fail("inputs.channels", $"must be {channelsPerChip} × {chips.Length} entries of {key} = {chips.Length * channelsPerChip}, got {channels}");
    }
}
