using Edge.Core.Protocol;

namespace Edge.Boards.Linux.Gpio;

/// <summary>What one button label did.</summary>
/// <param name="Label">Class entered (−1: too many presses, nothing trained).</param>
/// <param name="Trained">True if the firmware trained on the live inputs with that label.</param>
/// <param name="Predicted">What the model predicted for the sample before learning it (−1 if not trained).</param>
/// <param name="Message">Why not, when not trained.</param>
public sealed record ButtonLabelResult(int Label, bool Trained, int Predicted, string Message);

/// <summary>
/// On-device training from live sensors with the label button: when the button gives a label, the board
/// sends its own firmware a TRAIN request (label, end of batch), exactly as a host would over the wire,
/// so the firmware reads the live inputs and learns that sample at once. The LED shows Ready (steady)
/// with a model, Error (fast blink) without one or after a failed label, Training (slow blink) while
/// presses are being counted, and acknowledges each taken label with label + 1 flashes.
/// <para>
/// The firmware is not thread-safe: every call into it, here and in the server that answers the host,
/// must hold <see cref="Gate"/> (pass the same object to both).
/// </para>
/// </summary>
public sealed class ButtonTrainer
{
    /// <summary>How long the LED shows Error after a failed label.</summary>
    public const int ErrorShowMs = 3000;
    /// <summary>Poll period of <see cref="Run"/>.</summary>
    public const int PollMs = 5;

    private readonly IFirmwareEndpoint _firmware;
    private readonly Func<int> _modelClasses;
    private readonly LabelButton _button;
    private readonly StatusLed? _led;
    private readonly byte[] _body = new byte[2];
    private readonly byte[] _frame = new byte[FrameWriter.MaxFrameLength(2)];
    private readonly FrameReader _reader = new();
    private readonly ReplySink _sink = new();
    private ushort _sequence = 0xF000; // distinct from a host's sequence numbers, for logs
    private long _errorUntilMs = long.MinValue;

    /// <param name="firmware">The board's device program, which the trainer sends TRAIN requests as a host would.</param>
    /// <param name="modelClasses">The classes of the model the firmware holds, 0 without one (called under <see cref="Gate"/>).</param>
    public ButtonTrainer(IFirmwareEndpoint firmware, Func<int> modelClasses, LabelButton button, StatusLed? led, object? gate = null)
    {
        _firmware = firmware ?? throw new ArgumentNullException(nameof(firmware));
        _modelClasses = modelClasses ?? throw new ArgumentNullException(nameof(modelClasses));
        _button = button ?? throw new ArgumentNullException(nameof(button));
        _led = led;
        Gate = gate ?? new object();
    }

    /// <summary>Lock held around every call into the firmware.</summary>
    public object Gate { get; }

    /// <summary>Called with every label the button gives (for logs).</summary>
    public event Action<ButtonLabelResult>? LabelTaken;

    /// <summary>One poll of the button and one LED update at <paramref name="nowMs"/>; the result when a label was taken.</summary>
    public ButtonLabelResult? Step(long nowMs)
    {
        ButtonLabelResult? result = null;
        lock (Gate)
        {
            int classes = _modelClasses();
            if (classes > 0) _button.ClassCount = classes;
        }
        if (_button.Poll(nowMs, out int label))
        {
            result = label < 0
                ? new ButtonLabelResult(-1, false, -1, $"more than {_button.ClassCount} presses")
                : TrainLive(label);
            if (!result.Trained) _errorUntilMs = nowMs + ErrorShowMs;
            else _led?.Acknowledge(label, nowMs);
            LabelTaken?.Invoke(result);
        }
        if (_led != null)
        {
            bool hasModel;
            lock (Gate) hasModel = _modelClasses() > 0;
            LedPattern pattern = nowMs < _errorUntilMs || !hasModel ? LedPattern.Error
                : _button.PendingPresses > 0 ? LedPattern.Training
                : LedPattern.Ready;
            _led.Show(pattern, nowMs);
            _led.Update(nowMs);
        }
        return result;
    }

    /// <summary>Polls until cancelled (a background thread of <c>edge board run</c>).</summary>
    public void Run(CancellationToken cancellation)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!cancellation.IsCancellationRequested)
        {
            Step(clock.ElapsedMilliseconds);
            cancellation.WaitHandle.WaitOne(PollMs);
        }
        _led?.Show(LedPattern.Off, clock.ElapsedMilliseconds);
        _led?.Update(clock.ElapsedMilliseconds);
    }

    /// <summary>Sends TRAIN(label, end of batch) to the firmware and reads its answer.</summary>
    public ButtonLabelResult TrainLive(int label)
    {
        _body[0] = (byte)label;
        _body[1] = 1; // end of batch: learn this sample now
        ushort sequence = _sequence++;
        int length = FrameWriter.Write(MessageType.Train, sequence, _body, 0, 2, _frame, 0);
        _sink.Reset();
        lock (Gate) _firmware.Receive(_frame, 0, length, _sink);

        _reader.Reset();
        int position = 0;
        while (position < _sink.Length)
        {
            FrameStatus status = _reader.Push(_sink.Buffer, position, _sink.Length - position, out int consumed);
            position += consumed;
            if (status == FrameStatus.NeedMore) break;
            if (status != FrameStatus.Ok || _reader.Sequence != sequence) continue;
            var body = new BodyReader(_reader.Body, _reader.BodyOffset, _reader.BodyLength);
            if (_reader.Type == MessageType.Error)
            {
                ErrorResponse.TryRead(body, out _, out string message);
                return new ButtonLabelResult(label, false, -1, message);
            }
            body.ReadInt32(); // loss Q15.16
            int predicted = body.ReadByte();
            return new ButtonLabelResult(label, true, predicted, "trained");
        }
        return new ButtonLabelResult(label, false, -1, "the firmware did not answer");
    }

    private sealed class ReplySink : Edge.Core.Hardware.IByteSink
    {
        public byte[] Buffer = new byte[1024];
        public int Length;

        public void Reset() => Length = 0;

        public void Write(byte[] buffer, int offset, int count)
        {
            if (Length + count > Buffer.Length) Array.Resize(ref Buffer, Math.Max(Buffer.Length * 2, Length + count));
            System.Buffer.BlockCopy(buffer, offset, Buffer, Length, count);
            Length += count;
        }
    }
}
