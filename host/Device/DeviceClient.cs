using Edge.Host.Transport;
using System.Globalization;
using Edge.Core.Learning;
using Edge.Core.Protocol;
using Edge.Core.Storage;

namespace Edge.Host.Device;

/// <summary>
/// Typed requests to a board running the device program (firmware/DeviceFirmware), over any <see cref="IByteTransport"/>.
/// One request at a time: each gets the next sequence number and waits for the answer with that
/// number (stale answers to earlier, timed-out requests are skipped). ERROR answers, timeouts,
/// malformed answers and closed connections all raise <see cref="DeviceException"/>. Batched
/// requests take any number of stimuli and are split into as many frames as needed.
/// Body layouts: shared/Protocol/PROTOCOL.md. Not thread-safe.
/// </summary>
public sealed class DeviceClient : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    private readonly IByteTransport _transport;
    private readonly byte[] _requestBody = new byte[FrameLimits.MaxBody];
    private readonly BodyWriter _body;
    private readonly byte[] _frame = new byte[FrameLimits.MaxFrame];
    private readonly FrameReader _reader = new();
    private readonly byte[] _received = new byte[4096];
    private int _receivedStart;
    private int _receivedEnd;
    private readonly byte[] _answer = new byte[FrameLimits.MaxBody];
    private readonly BodyReader _answerReader;
    private ushort _sequence;
    /// <summary>The client's own copy of the model's settings: SET_RATES updates it, never the settings a caller gave or was given.</summary>
    private ModelConfig? _model;
    private int _channels = -1;

    public DeviceClient(IByteTransport transport, TimeSpan? timeout = null)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        Timeout = timeout ?? DefaultTimeout;
        _body = new BodyWriter(_requestBody);
        _answerReader = new BodyReader(_answer, 0, 0);
    }

    /// <summary>How long to wait for each answer.</summary>
    public TimeSpan Timeout { get; set; }

    /// <summary>
    /// Stimulus encoding of batched requests: 0 (default) sends exact int32 microvolts; a step
    /// of s µV (1..32768) sends each value as round(v / s) in uint16 — half the bytes, twice the
    /// stimuli per frame, values quantised to s and clamped to 0..65535·s.
    /// </summary>
    public int StimulusStepMicrovolts { get; set; }

    /// <summary>Frames from the board that failed their CRC or framing (line noise), so far.</summary>
    public long CorruptFramesReceived { get; private set; }

    /// <summary>Request frames sent to the board so far (each asks for one answer).</summary>
    public long FramesSent { get; private set; }

    /// <summary>Bytes written to the board so far: every request frame, delimiters included.</summary>
    public long BytesSent { get; private set; }

    /// <summary>Bytes read from the board so far: every answer, and whatever else came down the line.</summary>
    public long BytesReceived { get; private set; }

    public IByteTransport Transport => _transport;

    public void Dispose() => _transport.Dispose();

    // ---- identity ----

    public DeviceHello Hello()
    {
        Begin();
        _body.WriteUInt16(ProtocolVersion.Current);
        var r = Exchange(MessageType.Hello);
        var hello = ReadIdentity(r);
        Finish(r, MessageType.Hello);
        return hello;
    }

    /// <summary>
    /// AUTH: proves <paramref name="key"/> to a board server that asks for it (challenge, then the HMAC answer);
    /// nothing more is sent to a server that needs no key. A wrong key is a <see cref="DeviceException"/> (UNAUTHORIZED).
    /// </summary>
    public void Authenticate(BoardKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Begin();
        var r = Exchange(MessageType.Auth);
        bool challenged = r.ReadByte() != 0;
        var nonce = new byte[challenged ? BoardKey.NonceBytes : 0];
        if (challenged && !r.ReadBytes(nonce, 0, nonce.Length)) throw Malformed(MessageType.Auth);
        Finish(r, MessageType.Auth);
        if (!challenged) return;
        Begin();
        byte[] answer = key.Respond(nonce);
        _body.WriteBytes(answer, 0, answer.Length);
        Finish(Exchange(MessageType.Auth), MessageType.Auth);
    }

    public DeviceInfo Info()
    {
        Begin();
        var r = Exchange(MessageType.Info);
        var identity = ReadIdentity(r);
        long free = r.ReadInt64();
        long operations = r.ReadInt64();
        DeviceModelInfo? model = null;
        if (r.ReadByte() != 0)
        {
            var config = ReadConfig(r, MessageType.Info);
            config.Activation = r.ReadByte();
            model = new DeviceModelInfo(config, config.Activation, r.ReadInt64(), r.ReadInt32(), r.ReadUInt32());
        }
        int damaged = r.ReadByte();
        uint damagedGeneration = r.ReadUInt32();
        Finish(r, MessageType.Info);
        _model = model == null ? null : model.Config.Clone();
        return new DeviceInfo(identity, free, operations, model, damaged, damagedGeneration);
    }

    private DeviceHello ReadIdentity(BodyReader r)
    {
        var hello = new DeviceHello(r.ReadUInt16(), r.ReadUInt16(), r.ReadUInt16(), r.ReadUInt32(), r.ReadUInt16(), r.ReadByte(),
                                    r.ReadAscii() ?? "");
        _channels = hello.ChannelCount;
        return hello;
    }

    // ---- model ----

    /// <summary>CONFIGURE with the architecture (input first), algorithm (a LearningAlgorithm id, which replaces the settings' own), learner settings and init seed.</summary>
    public ConfigureResult Configure(int[] sizes, byte algorithm, LearnerSettings settings, ulong initSeed)
    {
        var config = new ModelConfig { InitSeed = initSeed };
        if (!config.SetSizes(sizes)) throw new ArgumentException("a model has 2..5 layer sizes", nameof(sizes));
        config.Learner.CopyFrom(settings);
        config.Algorithm = algorithm;
        return Configure(config);
    }

    public ConfigureResult Configure(ModelConfig config)
    {
        Begin();
        ConfigCodec.Write(_body, config);
        var r = Exchange(MessageType.Configure);
        var result = new ConfigureResult((int)r.ReadUInt32(), r.ReadInt32());
        Finish(r, MessageType.Configure);
        _model = config.Clone();
        return result;
    }

    public SaveResult Save()
    {
        Begin();
        var r = Exchange(MessageType.Save);
        var result = new SaveResult(r.ReadUInt32(), r.ReadByte(), (int)r.ReadUInt32());
        Finish(r, MessageType.Save);
        return result;
    }

    public LoadResult Load()
    {
        Begin();
        var r = Exchange(MessageType.Load);
        uint generation = r.ReadUInt32();
        int slot = r.ReadByte();
        long samples = r.ReadInt64();
        var config = ReadConfig(r, MessageType.Load);
        Finish(r, MessageType.Load);
        _model = config.Clone();
        return new LoadResult(generation, slot, samples, config);
    }

    public ResetResult Reset()
    {
        Begin();
        var r = Exchange(MessageType.Reset);
        var result = new ResetResult(r.ReadByte() != 0, r.ReadUInt32());
        Finish(r, MessageType.Reset);
        _model = null;
        return result;
    }

    /// <summary>SET_RATES: the learner's hidden and output learning rates, Q15.16, from the next sample on.</summary>
    public void SetRates(int hiddenQ16, int outputQ16)
    {
        Begin();
        _body.WriteInt32(hiddenQ16);
        _body.WriteInt32(outputQ16);
        var r = Exchange(MessageType.SetRates);
        Finish(r, MessageType.SetRates);
        if (_model != null)
        {
            _model.Learner.HiddenLearningRateQ16 = hiddenQ16;
            _model.Learner.OutputLearningRateQ16 = outputQ16;
        }
    }

    public DeviceStats Stats(bool resetAccuracy = false)
    {
        Begin();
        if (resetAccuracy) _body.WriteByte(1);
        var r = Exchange(MessageType.Stats);
        var stats = new DeviceStats(r.ReadInt64(), r.ReadUInt32(), r.ReadUInt32(), r.ReadInt64(), r.ReadInt64(),
                                    r.ReadInt32(), r.ReadUInt32(), r.ReadUInt32());
        Finish(r, MessageType.Stats);
        return stats;
    }

    /// <summary>All weights and biases (int16 Q3.12 when every weight exponent is 0, WeightStream order), fetched in chunks.</summary>
    public short[] GetWeights() => GetWeights(out _);

    /// <summary>
    /// All weights and biases (WeightStream order), fetched in chunks, and the layers' weight exponents (packed,
    /// shared/Storage/WeightExponents.cs): layer l's values are Q(3+e).(12−e). Every chunk must report the same.
    /// </summary>
    public short[] GetWeights(out int exponents)
    {
        var first = GetWeightChunk(0, 0, null, out exponents);
        if (first > ModelConfig.MaxParameters) throw Malformed(MessageType.GetWeights);   // believed only within the protocol's limit
        // exponents a board cannot have (beyond Q7.8, or on layers the model lacks) would misscale every weight that uses them
        if (!WeightExponents.Unpack(exponents, _model?.LayerCount ?? ModelConfig.MaxLayers, new int[ModelConfig.MaxLayers]))
            throw Malformed(MessageType.GetWeights);
        var all = new short[first];
        for (int offset = 0; offset < all.Length; offset += WeightChunks.MaxLength)
        {
            GetWeightChunk(offset, Math.Min(WeightChunks.MaxLength, all.Length - offset), all, out int chunkExponents);
            if (chunkExponents != exponents)
                throw new DeviceException("the board's weight exponents changed while its weights were read: it trained meanwhile; read them again");
        }
        return all;
    }

    /// <summary>Reads one chunk into all[offset ..]; returns the total count the board reports.</summary>
    private int GetWeightChunk(int offset, int count, short[]? all, out int exponents)
    {
        Begin();
        _body.WriteUInt32((uint)offset);
        _body.WriteUInt16((ushort)count);
        var r = Exchange(MessageType.GetWeights);
        int total = (int)r.ReadUInt32();
        uint echoedOffset = r.ReadUInt32();
        int echoedCount = r.ReadUInt16();
        exponents = r.ReadUInt16();
        if (echoedOffset != offset || echoedCount != count || total < 0) throw Malformed(MessageType.GetWeights);
        if (all != null && !r.ReadInt16Array(all, offset, count)) throw Malformed(MessageType.GetWeights);
        Finish(r, MessageType.GetWeights);
        return total;
    }

    /// <summary>
    /// Replaces all weights and biases (WeightStream order) and the layers' weight exponents (packed; 0: all Q3.12),
    /// in chunks; the last one reloads the learner.
    /// </summary>
    public void PutWeights(short[] all, int exponents = 0)
    {
        ArgumentNullException.ThrowIfNull(all);
        var model = _model ?? Info().Model?.Config ?? throw new DeviceException("the board has no model to put weights into", ErrorCode.NotConfigured);
        if (all.Length != model.ParameterCount)
            throw new ArgumentException($"the model has {model.ParameterCount} weights and biases, not {all.Length}", nameof(all));
        int offset = 0;
        do
        {
            int count = Math.Min(WeightChunks.MaxLength, all.Length - offset);
            Begin();
            _body.WriteByte((byte)model.LayerCount);
            for (int i = 0; i <= model.LayerCount; i++) _body.WriteUInt16((ushort)model.Sizes[i]);
            _body.WriteUInt32((uint)offset);
            _body.WriteUInt16((ushort)count);
            _body.WriteByte(offset + count == all.Length ? (byte)1 : (byte)0);
            _body.WriteUInt16((ushort)exponents);
            _body.WriteInt16Array(all, offset, count);
            var r = Exchange(MessageType.PutWeights);
            r.ReadUInt32();
            if (r.ReadUInt32() != (uint)(offset + count)) throw Malformed(MessageType.PutWeights);
            Finish(r, MessageType.PutWeights);
            offset += count;
        } while (offset < all.Length);
    }

    // ---- single samples ----

    /// <summary>Puts one stimulus (µV per channel) on the inputs; false if the board reads live sensors instead.</summary>
    public bool Present(int[] microvolts)
    {
        Begin();
        _body.WriteInt32Array(microvolts, 0, microvolts.Length);
        var r = Exchange(MessageType.Present);
        bool accepted = r.ReadByte() != 0;
        Finish(r, MessageType.Present);
        return accepted;
    }

    /// <summary>Reads the live inputs once: the ADC codes.</summary>
    public int[] Sample()
    {
        Begin();
        var r = Exchange(MessageType.Sample);
        var codes = ReadUInt16s(r, r.ReadUInt16());
        Finish(r, MessageType.Sample);
        return codes;
    }

    /// <summary>Logits (Q15.16) of the current inputs.</summary>
    public int[] Infer()
    {
        Begin();
        var r = Exchange(MessageType.Infer);
        int outputs = r.ReadUInt16();
        if (outputs > r.Remaining / 4) throw Malformed(MessageType.Infer);
        var logits = new int[outputs];
        if (!r.ReadInt32Array(logits, 0, outputs)) throw Malformed(MessageType.Infer);
        Finish(r, MessageType.Infer);
        return logits;
    }

    /// <summary>Trains one sample of the current inputs with a hard label.</summary>
    public TrainResult Train(int label, bool endBatch = false)
    {
        Begin();
        _body.WriteByte(checked((byte)label));
        _body.WriteByte(endBatch ? (byte)1 : (byte)0);
        var r = Exchange(MessageType.Train);
        var result = new TrainResult(r.ReadInt32(), r.ReadByte());
        Finish(r, MessageType.Train);
        return result;
    }

    /// <summary>Trains one sample of the current inputs on teacher logits (or probabilities), Q15.16, at temperature T (Q15.16).</summary>
    public TrainResult TrainSoft(int[] teacher, int temperatureQ16, bool probabilities = false, int label = -1, int alphaQ16 = 0, bool endBatch = false)
    {
        Begin();
        _body.WriteByte((byte)((endBatch ? 1 : 0) | (probabilities ? 2 : 0)));
        _body.WriteInt32(temperatureQ16);
        _body.WriteInt16(checked((short)label));
        _body.WriteInt32(alphaQ16);
        _body.WriteInt32Array(teacher, 0, teacher.Length);
        var r = Exchange(MessageType.TrainSoft);
        var result = new TrainResult(r.ReadInt32(), r.ReadByte());
        Finish(r, MessageType.TrainSoft);
        return result;
    }

    /// <summary>Applies a partly filled mini-batch now (end of an epoch).</summary>
    public void EndBatch() => TrainBatch(Array.Empty<int[]>(), Array.Empty<int>(), endBatch: true);

    // ---- batches ----

    /// <summary>Presents each stimulus and reads the board's ADC codes for it.</summary>
    public int[][] PresentBatch(IReadOnlyList<int[]> stimuli)
    {
        var result = new int[stimuli.Count][];
        RunBatches(MessageType.PresentBatch, stimuli, 0, 0, 4, 2 * ChannelsOf(stimuli), null,
            (first, count) => { },
            (r, first, count) =>
            {
                if (r.ReadUInt16() != count) throw Malformed(MessageType.PresentBatch);
                int channels = r.ReadUInt16();
                for (int i = 0; i < count; i++) result[first + i] = ReadUInt16s(r, channels);
            });
        return result;
    }

    /// <summary>Presents each stimulus and answers its logits (Q15.16).</summary>
    public int[][] InferBatch(IReadOnlyList<int[]> stimuli)
    {
        int outputs = OutputCount();
        var result = new int[stimuli.Count][];
        RunBatches(MessageType.InferBatch, stimuli, 0, 0, 4, 4 * outputs, null,
            (first, count) => { },
            (r, first, count) =>
            {
                if (r.ReadUInt16() != count || r.ReadUInt16() != outputs) throw Malformed(MessageType.InferBatch);
                for (int i = 0; i < count; i++)
                {
                    result[first + i] = new int[outputs];
                    if (!r.ReadInt32Array(result[first + i], 0, outputs)) throw Malformed(MessageType.InferBatch);
                }
            });
        return result;
    }

    /// <summary>Presents and trains each stimulus with its label, in order; endBatch flushes the mini-batch after the last.</summary>
    public TrainResult[] TrainBatch(IReadOnlyList<int[]> stimuli, IReadOnlyList<int> labels, bool endBatch = false)
    {
        if (labels.Count != stimuli.Count) throw new ArgumentException("one label per stimulus", nameof(labels));
        var result = new TrainResult[stimuli.Count];
        RunBatches(MessageType.TrainBatch, stimuli, 1, 1, 2, 5, endBatch ? (byte)1 : (byte)0,
            (first, count) => { },
            (r, first, count) => ReadTrainResults(r, MessageType.TrainBatch, result, first, count),
            (i) => _body.WriteByte(checked((byte)labels[i])));
        return result;
    }

    /// <summary>
    /// Presents and trains each stimulus on its teacher logits (or probabilities), Q15.16, at
    /// temperature T (Q15.16), optionally mixed with labels by α (Q15.16).
    /// </summary>
    public TrainResult[] TrainSoftBatch(IReadOnlyList<int[]> stimuli, IReadOnlyList<int[]> teachers, int temperatureQ16,
                                        bool probabilities = false, IReadOnlyList<int>? labels = null, int alphaQ16 = 0, bool endBatch = false)
    {
        if (teachers.Count != stimuli.Count) throw new ArgumentException("one teacher vector per stimulus", nameof(teachers));
        if (labels != null && labels.Count != stimuli.Count) throw new ArgumentException("one label per stimulus", nameof(labels));
        int outputs = OutputCount();
        var result = new TrainResult[stimuli.Count];
        byte flags = (byte)((endBatch ? 1 : 0) | (probabilities ? 2 : 0));
        RunBatches(MessageType.TrainSoftBatch, stimuli, 9, 2 + 4 * outputs, 2, 5, flags,
            (first, count) => { _body.WriteInt32(temperatureQ16); _body.WriteInt32(alphaQ16); },
            (r, first, count) => ReadTrainResults(r, MessageType.TrainSoftBatch, result, first, count),
            (i) =>
            {
                if (teachers[i].Length != outputs) throw new ArgumentException($"teacher vectors need {outputs} values", nameof(teachers));
                _body.WriteInt16(checked((short)(labels == null ? -1 : labels[i])));
                _body.WriteInt32Array(teachers[i], 0, outputs);
            });
        return result;
    }

    private static void ReadTrainResults(BodyReader r, byte type, TrainResult[] result, int first, int count)
    {
        if (r.ReadUInt16() != count) throw Malformed(type);
        for (int i = 0; i < count; i++) result[first + i] = new TrainResult(r.ReadInt32(), r.ReadByte());
    }

    /// <summary>
    /// Splits a batch into frames: each frame holds as many items as fit both its body and its
    /// answer. <paramref name="flags"/> (if any) follows the batch header; the end-of-batch bit
    /// goes only on the last frame. An empty batch still sends one frame (a pure flush).
    /// </summary>
    private void RunBatches(byte type, IReadOnlyList<int[]> stimuli, int fixedExtra, int itemExtra, int answerHeader, int answerItem,
                            byte? flags, Action<int, int> writeFixed, Action<BodyReader, int, int> readAnswer, Action<int>? writeItem = null)
    {
        int channels = ChannelsOf(stimuli);
        int step = StimulusStepMicrovolts;
        if (step < 0 || step > StimulusEncoding.MaxStep) throw new InvalidOperationException($"StimulusStepMicrovolts must be 0..{StimulusEncoding.MaxStep}");
        int itemBytes = StimulusEncoding.Bytes(channels, step) + itemExtra;
        int perFrame = Math.Min((FrameLimits.MaxBody - StimulusEncoding.HeaderLength - fixedExtra) / itemBytes, (FrameLimits.MaxBody - answerHeader) / answerItem);
        perFrame = Math.Min(perFrame, 0xFFFF);
        if (perFrame < 1) throw new ArgumentException("one stimulus of this batch does not fit a frame", nameof(stimuli));
        int first = 0;
        do
        {
            int count = Math.Min(perFrame, stimuli.Count - first);
            bool last = first + count == stimuli.Count;
            Begin();
            _body.WriteUInt16((ushort)count);
            _body.WriteUInt32((uint)step);
            if (flags.HasValue) _body.WriteByte(last ? flags.Value : (byte)(flags.Value & ~1));
            writeFixed(first, count);
            for (int i = first; i < first + count; i++)
            {
                WriteStimulus(stimuli[i], channels, step);
                writeItem?.Invoke(i);
            }
            var r = Exchange(type);
            readAnswer(r, first, count);
            Finish(r, type);
            first += count;
        } while (first < stimuli.Count);
    }

    private void WriteStimulus(int[] stimulus, int channels, int step)
    {
        if (stimulus.Length != channels) throw new ArgumentException("every stimulus needs the same number of channels");
        StimulusEncoding.Write(_body, stimulus, channels, step);
    }

    private int ChannelsOf(IReadOnlyList<int[]> stimuli)
    {
        if (stimuli.Count > 0) return stimuli[0].Length;
        if (_channels < 0) Hello();
        return _channels;
    }

    private int OutputCount()
    {
        var model = _model ?? Info().Model?.Config ?? throw new DeviceException("the board has no model: configure or load one", ErrorCode.NotConfigured);
        return model.OutputCount;
    }

    // ---- framing ----

    private void Begin() => _body.Reset();

    /// <summary>Sends the request in the body buffer and returns a reader over the matching answer's body.</summary>
    private BodyReader Exchange(byte type)
    {
        if (!_body.Ok) throw new ArgumentException($"the {MessageType.Name(type)} request does not fit a frame");
        ushort sequence = ++_sequence;
        if (sequence == 0) sequence = _sequence = 1;   // 0 is a server's own word (BUSY), never an answer
        int length = FrameWriter.Write(type, sequence, _requestBody, 0, _body.Length, _frame, 0);
        if (length < 0) throw new ArgumentException($"the {MessageType.Name(type)} request does not fit a frame");
        try
        {
            _transport.Write(_frame, 0, length);
            FramesSent++;
            BytesSent += length;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw new DeviceException($"connection to the board failed while sending {MessageType.Name(type)}: {e.Message}");
        }

        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            while (_receivedStart < _receivedEnd)
            {
                var status = _reader.Push(_received, _receivedStart, _receivedEnd - _receivedStart, out int consumed);
                _receivedStart += consumed;
                if (status == FrameStatus.NeedMore) break;
                if (status != FrameStatus.Ok) { CorruptFramesReceived++; continue; }
                if (_reader.Sequence == 0 && _reader.Type == MessageType.Error) throw ServerRefusal(type);
                if (_reader.Sequence != sequence) continue; // a late answer to an earlier request
                byte answerType = _reader.Type;
                int bodyLength = _reader.BodyLength;
                Buffer.BlockCopy(_reader.Body, _reader.BodyOffset, _answer, 0, bodyLength);
                _answerReader.Reset(_answer, 0, bodyLength);
                if (answerType == MessageType.Error)
                {
                    if (!ErrorResponse.TryRead(_answerReader, out byte code, out string message)) throw Malformed(type);
                    throw new DeviceException($"{MessageType.Name(type)} failed: {ErrorCode.Name(code)}: {message}", code);
                }
                if (answerType != MessageType.ResponseTo(type)) continue; // not ours: keep waiting
                return _answerReader;
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
                throw new DeviceException($"board did not answer {MessageType.Name(type)} within {Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
            int read;
            try
            {
                read = _transport.Read(_received, 0, _received.Length, remaining);
            }
            catch (TransportClosedException)
            {
                throw new DeviceException($"connection to the board closed while waiting for {MessageType.Name(type)}");
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                throw new DeviceException($"connection to the board failed while waiting for {MessageType.Name(type)}: {e.Message}");
            }
            BytesReceived += read;
            _receivedStart = 0;
            _receivedEnd = read;
        }
    }

    private static void Finish(BodyReader r, byte type)
    {
        if (!r.ExpectEnd()) throw Malformed(type);
    }

    private static DeviceException Malformed(byte type) => new($"malformed answer to {MessageType.Name(type)}");

    /// <summary>An ERROR with sequence 0: the board server speaking for itself (e.g. BUSY with another client).</summary>
    private DeviceException ServerRefusal(byte type)
    {
        _answerReader.Reset(_reader.Body, _reader.BodyOffset, _reader.BodyLength);
        if (!ErrorResponse.TryRead(_answerReader, out byte code, out string message)) throw Malformed(type);
        return new DeviceException($"the board server refused {MessageType.Name(type)}: {ErrorCode.Name(code)}: {message}", code);
    }

    private static ModelConfig ReadConfig(BodyReader r, byte type)
    {
        var config = new ModelConfig();
        if (!ConfigCodec.Read(r, config)) throw Malformed(type);
        return config;
    }

    private static int[] ReadUInt16s(BodyReader r, int count)
    {
        if (count > r.Remaining / 2) throw Malformed(MessageType.Sample);
        var values = new int[count];
        for (int i = 0; i < count; i++) values[i] = r.ReadUInt16();
        return values;
    }
}
