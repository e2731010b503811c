using System.Device.Spi;

namespace Edge.Boards.Emulated;

/// <summary>
/// An MCP3008 (8-channel 10-bit SAR ADC, Microchip DS21295) behind one chip select, at the level of the
/// bits on MOSI and MISO, so the unmodified <c>Iot.Device.Adc.Mcp3008</c> driver can talk to it.
/// <para>
/// Each <see cref="TransferFullDuplex"/> is one chip-select-low window. MOSI is scanned MSB first for the
/// start bit; the next four bits are SGL/DIFF and D2 D1 D0. The input is sampled during the next clock,
/// then MISO gives a null bit (0), B9 … B0 MSB first, and, if the clock keeps running, B1 … B9 again LSB
/// first (datasheet figure 5-1). Every other MISO bit reads 0. With the driver's 3-byte frame:
/// <code>
/// MOSI 0000000S MCCCxxxx xxxxxxxx     S start, M 1 = single-ended, CCC channel
/// MISO xxxxxxxx xxxxxN98 76543210     N null bit 0, 9…0 the code
/// </code>
/// Code = round(1024 · V / Vref), clipped to 0 … 1023 (differential: V = IN+ − IN−; pairs CH0/CH1,
/// CH2/CH3 …, odd D0 swaps them). Voltages come from an <see cref="IVoltageSource"/> at every conversion.
/// </para>
/// </summary>
public sealed class EmulatedMcp3008 : SpiDevice
{
    public const int Channels = 8;
    public const int Bits = 10;
    public const int MaxCode = (1 << Bits) - 1;
    /// <summary>Highest SPI clock of the chip (at VDD = 5 V; 1.35 MHz at 2.7 V).</summary>
    public const int MaxClockHz = 3_600_000;

    private readonly IVoltageSource _source;
    private readonly int _firstChannel;
    private bool _disposed;

    /// <param name="source">The pin voltages.</param>
    /// <param name="firstChannel">Board-wide channel of CH0 (the chip reads firstChannel … firstChannel + 7).</param>
    /// <param name="vrefVolts">Voltage on the VREF pin.</param>
    /// <param name="settings">The bus, chip select, clock and mode the host opened the device with; a mode the
    /// chip can't follow (not mode 0 or 3, LSB first, clock above 3.6 MHz) is rejected here rather than read as noise.</param>
    public EmulatedMcp3008(IVoltageSource source, int firstChannel, double vrefVolts, SpiConnectionSettings settings)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        ArgumentOutOfRangeException.ThrowIfNegative(firstChannel);
        if (!(vrefVolts > 0)) throw new ArgumentOutOfRangeException(nameof(vrefVolts), vrefVolts, "Vref must be positive");
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Mode is not (SpiMode.Mode0 or SpiMode.Mode3))
            throw new ArgumentException($"the MCP3008 speaks SPI mode 0 or 3, not {settings.Mode}", nameof(settings));
        if (settings.DataFlow != DataFlow.MsbFirst)
            throw new ArgumentException("the MCP3008 shifts MSB first", nameof(settings));
        if (settings.ClockFrequency > MaxClockHz)
            throw new ArgumentException($"SPI clock {settings.ClockFrequency} Hz is above the MCP3008's {MaxClockHz} Hz", nameof(settings));
        _firstChannel = firstChannel;
        VrefVolts = vrefVolts;
        ConnectionSettings = settings;
    }

    public override SpiConnectionSettings ConnectionSettings { get; }

    public double VrefVolts { get; }

    /// <summary>Conversions made so far (one per chip-select window that held a start bit).</summary>
    public long Conversions { get; private set; }

    /// <summary>The code an ideal conversion of <paramref name="volts"/> gives.</summary>
    public static int CodeFor(double volts, double vrefVolts) =>
        (int)Math.Clamp(Math.Floor(volts * (1 << Bits) / vrefVolts + 0.5), 0, MaxCode);

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (writeBuffer.Length != readBuffer.Length)
            throw new ArgumentException("full-duplex buffers must be the same length", nameof(readBuffer));
        Clock(writeBuffer, readBuffer);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Clock(buffer, Span<byte>.Empty);
    }

    public override void WriteByte(byte value) => Write(stackalloc byte[] { value });

    /// <summary>MOSI held low: no start bit, so the chip stays idle and MISO reads 0.</summary>
    public override void Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        buffer.Clear();
    }

    public override byte ReadByte()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return 0;
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }

    /// <summary>Shifts the MOSI bits through the chip's state machine, writing MISO bits into <paramref name="miso"/> (if not empty).</summary>
    private void Clock(ReadOnlySpan<byte> mosi, Span<byte> miso)
    {
        miso.Clear();
        int totalBits = mosi.Length * 8;
        int start = -1;
        for (int i = 0; i < totalBits; i++)
        {
            if (Bit(mosi, i)) { start = i; break; }
        }
        // The control bits must all be clocked in before a conversion starts.
        if (start < 0 || start + 4 >= totalBits) return;

        bool singleEnded = Bit(mosi, start + 1);
        int select = (Bit(mosi, start + 2) ? 4 : 0) | (Bit(mosi, start + 3) ? 2 : 0) | (Bit(mosi, start + 4) ? 1 : 0);
        int code = Convert(singleEnded, select);
        Conversions++;
        if (miso.IsEmpty) return;

        // start+5: sample clock (MISO high-Z, reads 0); start+6: null bit 0; then B9…B0, then B1…B9.
        int first = start + 7;
        for (int k = 0; k < Bits; k++)
            SetBit(miso, first + k, (code >> (Bits - 1 - k) & 1) != 0);
        for (int k = 1; k < Bits; k++)
            SetBit(miso, first + Bits - 1 + k, (code >> k & 1) != 0);
    }

    private int Convert(bool singleEnded, int select)
    {
        double volts;
        if (singleEnded)
        {
            volts = _source.SampleVolts(_firstChannel + select);
        }
        else
        {
            int pair = select & ~1;
            int plus = (select & 1) == 0 ? pair : pair + 1;
            int minus = (select & 1) == 0 ? pair + 1 : pair;
            volts = _source.SampleVolts(_firstChannel + plus) - _source.SampleVolts(_firstChannel + minus);
        }
        return CodeFor(volts, VrefVolts);
    }

    private static bool Bit(ReadOnlySpan<byte> bytes, int index) => (bytes[index >> 3] >> (7 - (index & 7)) & 1) != 0;

    private static void SetBit(Span<byte> bytes, int index, bool value)
    {
        if (!value || index >= bytes.Length * 8) return;
        bytes[index >> 3] |= (byte)(0x80 >> (index & 7));
    }
}
