using Edge.Core.Hardware;
using Edge.Core.Kernels;

namespace Edge.Tests.Firmware;

/// <summary>
/// RAM storage for tests: slots of bytes, blank = 0xFF. A write budget makes writes fail after a
/// given number of bytes — by throwing (a reset mid-write) or by silently dropping the rest
/// (flash that stops taking data) — to tear a save at any byte.
/// </summary>
public sealed class MemoryStorage(int slotCount = 2, int slotSize = 16 * 1024) : IStorage
{
    private readonly byte[][] _slots = Enumerable.Range(0, slotCount).Select(_ => Enumerable.Repeat((byte)0xFF, slotSize).ToArray()).ToArray();

    public int SlotCount => slotCount;
    public int SlotSize => slotSize;

    /// <summary>Bytes that may still be written; writes beyond fail.</summary>
    public long WriteBudget { get; set; } = long.MaxValue;
    /// <summary>When the budget is spent: true drops the bytes silently, false throws IOException.</summary>
    public bool FailSilently { get; set; }

    public byte[] Slot(int slot) => _slots[slot];

    public int Read(int slot, int offset, byte[] buffer, int bufferOffset, int count)
    {
        if (slot < 0 || slot >= slotCount || offset < 0 || offset >= slotSize || count <= 0) return 0;
        int n = Math.Min(count, slotSize - offset);
        Buffer.BlockCopy(_slots[slot], offset, buffer, bufferOffset, n);
        return n;
    }

    public void Write(int slot, int offset, byte[] buffer, int bufferOffset, int count)
    {
        if (slot < 0 || slot >= slotCount || offset < 0 || count < 0 || offset + count > slotSize)
            throw new IOException("write outside the slot");
        for (int i = 0; i < count; i++)
        {
            if (WriteBudget <= 0)
            {
                if (FailSilently) return;
                throw new IOException("power lost during write");
            }
            _slots[slot][offset + i] = buffer[bufferOffset + i];
            WriteBudget--;
        }
    }

    public void Erase(int slot) => Array.Fill(_slots[slot], (byte)0xFF);
}

/// <summary>
/// An ideal ADC front end: code = floor(µV · 2^bits / full scale), clamped; no noise, no mismatch.
/// The stimulus presented last is what Read converts.
/// </summary>
public sealed class IdealInput(int channels, int adcBits = 12, int fullScaleMicrovolts = 3_300_000) : IAnalogInput
{
    private readonly int[] _microvolts = new int[channels];

    public int ChannelCount => channels;
    public int AdcBits => adcBits;
    public int FullScaleMicrovolts => fullScaleMicrovolts;

    public bool Present(int[] microvolts, int count)
    {
        Array.Copy(microvolts, _microvolts, Math.Min(count, channels));
        return true;
    }

    public void Read(int[] codes)
    {
        for (int i = 0; i < channels; i++) codes[i] = Code(_microvolts[i]);
    }

    public int Code(int microvolts)
    {
        long code = ((long)microvolts << adcBits) / fullScaleMicrovolts;
        return (int)Math.Clamp(code, 0, (1L << adcBits) - 1);
    }

    /// <summary>A stimulus that reads back exactly as <paramref name="code"/> (the middle of its step).</summary>
    public int MicrovoltsFor(int code) => (int)((((long)code << 1) + 1) * fullScaleMicrovolts >> (adcBits + 1));
}

/// <summary>A test double of a board: ideal inputs, RAM storage, an optional end of life.</summary>
public sealed class TestBoard : IBoard
{
    public TestBoard(int channels = 8, int adcBits = 12, MemoryStorage? storage = null, uint serial = 1234)
    {
        IdealInput = new IdealInput(channels, adcBits);
        MemoryStorage = storage ?? new MemoryStorage();
        Serial = serial;
    }

    public IdealInput IdealInput { get; }
    public MemoryStorage MemoryStorage { get; }

    public string Profile => "test-ideal";
    public uint Serial { get; }
    public IAnalogInput Input => IdealInput;
    public IStorage Storage => MemoryStorage;
    public IActivation? HiddenActivation { get; set; }
    public long Operations { get; private set; }
    /// <summary>The board dies after this many operations (−1: never).</summary>
    public long Lifetime { get; set; } = -1;
    public long FreeMemory { get; set; } = 8L << 20;

    public void CountOperations(int count) => Operations += count;
    public bool IsAlive => Lifetime < 0 || Operations < Lifetime;
}
