using System.Buffers.Binary;
using System.Device.I2c;

namespace Edge.Boards.Emulated;

/// <summary>
/// An ADS1115 (16-bit delta-sigma ADC with PGA and 4-input mux, TI SBAS444) at the level of its I2C
/// register map, so the unmodified <c>Iot.Device.Ads1115.Ads1115</c> driver can talk to it.
/// <list type="bullet">
/// <item>A write's first byte sets the 2-bit address pointer (other bits set: the chip NACKs, here an
/// <see cref="IOException"/>); two more bytes write the pointed-to 16-bit register, MSB first. The conversion
/// register is read-only. Reads return the pointed-to register, MSB first.</item>
/// <item>Config (reset 0x8583): OS [15], MUX [14:12], PGA [11:9], MODE [8], DR [7:5], COMP_MODE [4],
/// COMP_POL [3], COMP_LAT [2], COMP_QUE [1:0]. Writing OS = 1 in single-shot mode (MODE = 1) starts a
/// conversion; OS reads 0 while it runs, 1 once done, and the conversion register then holds the
/// result. A conversion stays busy for the next <see cref="BusyReads"/> register reads (the driver polls OS). In continuous
/// mode (MODE = 0) every read of the conversion register returns a fresh conversion and OS reads 0.</item>
/// <item>Conversion: code = round(32768 · V / FS), FS the PGA's full scale (6.144, 4.096, 2.048, 1.024,
/// 0.512, 0.256 V for PGA 0–5, 0.256 V for 6, 7) times <see cref="ReferenceGain"/>, clipped to int16;
/// V = AINp − AINn for the mux settings 0–3 (0-1, 0-3, 1-3, 2-3) or AINx − GND for 4–7.</item>
/// <item>The threshold registers are stored and read back (reset 0x8000 / 0x7FFF); the ALERT/RDY pin and the
/// data rate's timing are not emulated.</item>
/// </list>
/// </summary>
public sealed class EmulatedAds1115 : I2cDevice
{
    public const int Channels = 4;
    public const int FirstAddress = 0x48;
    public const ushort ConfigReset = 0x8583;
    public const int ConversionRegister = 0, ConfigRegister = 1, LoThreshRegister = 2, HiThreshRegister = 3;

    private const int OsBit = 0x8000, ModeBit = 0x0100;
    private static readonly double[] FullScaleVolts = [6.144, 4.096, 2.048, 1.024, 0.512, 0.256, 0.256, 0.256];

    private readonly IVoltageSource _source;
    private readonly int _firstChannel;
    private readonly ushort[] _registers = [0, ConfigReset, 0x8000, 0x7FFF];
    private int _pointer;
    private int _busyReadsLeft;
    private short _pending;
    private bool _hasPending;
    private bool _disposed;

    /// <param name="source">The pin voltages.</param>
    /// <param name="firstChannel">Board-wide channel of AIN0 (the chip reads firstChannel … firstChannel + 3).</param>
    /// <param name="settings">Bus and address the host opened; the address must be one the ADDR pin can strap (0x48–0x4B).</param>
    /// <param name="referenceGain">This chip's full-scale error (1 = exact).</param>
    public EmulatedAds1115(IVoltageSource source, int firstChannel, I2cConnectionSettings settings, double referenceGain = 1.0)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        ArgumentOutOfRangeException.ThrowIfNegative(firstChannel);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.DeviceAddress is < FirstAddress or > FirstAddress + 3)
            throw new ArgumentException($"an ADS1115 answers at 0x48-0x4B (ADDR to GND, VDD, SDA, SCL), not 0x{settings.DeviceAddress:X2}", nameof(settings));
        if (!(referenceGain > 0)) throw new ArgumentOutOfRangeException(nameof(referenceGain), referenceGain, "must be positive");
        _firstChannel = firstChannel;
        ConnectionSettings = settings;
        ReferenceGain = referenceGain;
    }

    public override I2cConnectionSettings ConnectionSettings { get; }

    public double ReferenceGain { get; }

    /// <summary>Register reads that still see a single-shot conversion busy (default 1, so the driver's poll loop runs).</summary>
    public int BusyReads { get; set; } = 1;

    /// <summary>Conversions made so far.</summary>
    public long Conversions { get; private set; }

    /// <summary>The config register as last written (OS shows the written value, not the status).</summary>
    public ushort Config => _registers[ConfigRegister];

    /// <summary>Full scale of a PGA setting (bits [11:9]) in volts, before <see cref="ReferenceGain"/>.</summary>
    public static double FullScaleOf(int pga) => FullScaleVolts[pga & 7];

    /// <summary>The code an ideal conversion of <paramref name="volts"/> gives at full scale <paramref name="fullScaleVolts"/>.</summary>
    public static short CodeFor(double volts, double fullScaleVolts) =>
        (short)Math.Clamp(Math.Floor(volts * 32768.0 / fullScaleVolts + 0.5), short.MinValue, short.MaxValue);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty) return;
        if ((buffer[0] & 0xFC) != 0) throw new IOException($"ADS1115 at 0x{ConnectionSettings.DeviceAddress:X2}: NACK, no register 0x{buffer[0]:X2}");
        _pointer = buffer[0];
        if (buffer.Length < 3) return; // pointer only (or a torn register write, which the chip drops)
        ushort value = BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(1, 2));
        switch (_pointer)
        {
            case ConversionRegister:
                return; // read-only
            case ConfigRegister:
                WriteConfig(value);
                return;
            default:
                _registers[_pointer] = value;
                return;
        }
    }

    public override void WriteByte(byte value) => Write(stackalloc byte[] { value });

    public override void Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ushort value = ReadRegister(_pointer);
        for (int i = 0; i < buffer.Length; i++) buffer[i] = (byte)((i & 1) == 0 ? value >> 8 : value);
    }

    public override byte ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        Read(one);
        return one[0];
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        Read(readBuffer);
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }

    private bool SingleShot => (_registers[ConfigRegister] & ModeBit) != 0;

    private void WriteConfig(ushort value)
    {
        // OS is a command bit: it is stored as "not busy" and reported from the conversion state.
        _registers[ConfigRegister] = (ushort)(value | OsBit);
        if ((value & ModeBit) != 0 && (value & OsBit) != 0)
        {
            _pending = Convert();
            _hasPending = true;
            _busyReadsLeft = Math.Max(0, BusyReads);
        }
        else if ((value & ModeBit) == 0)
        {
            _busyReadsLeft = 0;
            _hasPending = false;
            _registers[ConversionRegister] = (ushort)Convert();
        }
    }

    private ushort ReadRegister(int register)
    {
        bool busy = false;
        if (_busyReadsLeft > 0)
        {
            _busyReadsLeft--;
            busy = true;
        }
        else if (_hasPending)
        {
            _registers[ConversionRegister] = (ushort)_pending;
            _hasPending = false;
        }
        switch (register)
        {
            case ConfigRegister:
                ushort config = _registers[ConfigRegister];
                return (ushort)(busy || !SingleShot ? config & ~OsBit : config | OsBit);
            case ConversionRegister when !SingleShot:
                _registers[ConversionRegister] = (ushort)Convert();
                return _registers[ConversionRegister];
            default:
                return _registers[register];
        }
    }

    private short Convert()
    {
        int config = _registers[ConfigRegister];
        int mux = config >> 12 & 7;
        double fullScale = FullScaleOf(config >> 9 & 7) * ReferenceGain;
        double volts = mux switch
        {
            0 => Pin(0) - Pin(1),
            1 => Pin(0) - Pin(3),
            2 => Pin(1) - Pin(3),
            3 => Pin(2) - Pin(3),
            _ => Pin(mux - 4),
        };
        Conversions++;
        return CodeFor(volts, fullScale);
    }

    private double Pin(int input) => _source.SampleVolts(_firstChannel + input);
}
