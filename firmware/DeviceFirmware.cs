using Edge.Core.Hardware;
using Edge.Core.Kernels;
using Edge.Core.Model;
using Edge.Core.Learning;
using Edge.Core.Protocol;
using Edge.Core.Storage;

namespace Edge.Firmware
{
    /// <summary>
    /// The device program: a push-based command loop over a byte stream. Bytes go in through
    /// <see cref="Receive"/>; each complete frame is one request, answered by exactly one frame (its
    /// response type, or ERROR with an <see cref="ErrorCode"/> and a message) with the request's
    /// sequence number, written to the given <see cref="IByteSink"/>. Damaged frames are answered
    /// by ERROR when their sequence number could be decoded and skipped otherwise; nothing a host
    /// sends makes an exception escape. A board past its end of life answers nothing (a request
    /// it started while alive is still answered).
    /// <para>
    /// Body layouts: shared/Protocol/PROTOCOL.md. Requests allocate nothing: buffers are made here and
    /// when a model is built (CONFIGURE, LOAD, boot).
    /// </para>
    /// </summary>
    public sealed partial class DeviceFirmware : IFirmwareEndpoint
    {

        private const int FlagEndBatch = 1;
        private const int FlagProbabilities = 2;

        private readonly IBoard _board;
        private readonly IAnalogInput _input;
        private readonly int _channels;
        private readonly int _adcBits;
        private readonly FrameReader _reader = new FrameReader();
        private readonly BodyReader _body;
        private readonly byte[] _responseBody = new byte[FrameLimits.MaxBody];
        private readonly BodyWriter _response;
        private readonly byte[] _frame = new byte[FrameLimits.MaxFrame];
        private readonly ModelStore _store;
        private readonly ModelImageHeader _image = new ModelImageHeader();
        private readonly ModelConfig _requested = new ModelConfig();
        private readonly int[] _stimulus;
        private readonly int[] _codes;
        private readonly short[] _weightChunk = new short[WeightChunks.MaxLength];
        private readonly int[] _exponents = new int[ModelConfig.MaxLayers];   // PUT_WEIGHTS' weight exponents, checked before use
        private DeviceModel? _model;
        private KernelSet _kernels = KernelSet.Portable;
        private string _errorMessage = string.Empty;
        private long _operations;
        private int _damagedSlots;
        private uint _damagedGeneration;

        /// <summary>Starts the firmware on <paramref name="board"/> and boots (loads the last good model, if any).</summary>
        public DeviceFirmware(IBoard board) : this(board, KernelSet.Portable) { }

        /// <summary>As above, every model on <paramref name="kernels"/> (a host's bit-identical twins; a device keeps the portable ones).</summary>
        public DeviceFirmware(IBoard board, KernelSet kernels)
        {
            _kernels = kernels == null ? KernelSet.Portable : kernels;
            if (board == null) throw new System.ArgumentNullException("board");
            _board = board;
            _input = board.Input;
            _channels = _input.ChannelCount;
            _adcBits = _input.AdcBits;
            if (_channels < 1 || _channels > ModelConfig.MaxWidth) throw new System.ArgumentException("a board needs 1..1024 channels");
            _stimulus = new int[_channels];
            _codes = new int[_channels];
            _body = new BodyReader(_reader.Body, 0, 0);
            _response = new BodyWriter(_responseBody);
            _store = new ModelStore(board.Storage);
            Boot();
        }

        public IBoard Board { get { return _board; } }

        /// <summary>The current model, or null before CONFIGURE / LOAD.</summary>
        public DeviceModel? Model { get { return _model; } }

        /// <summary>The model store over the board's storage.</summary>
        public ModelStore Store { get { return _store; } }

        /// <summary>Slots holding a damaged image, as found when the model was last loaded or saved (INFO reports them).</summary>
        public int DamagedSlots { get { return _damagedSlots; } }

        /// <summary>The highest generation a damaged image's header still tells (0: none tells).</summary>
        public uint DamagedGeneration { get { return _damagedGeneration; } }

        /// <summary>Operations counted since boot (one per sample read, inferred or trained).</summary>
        public long Operations { get { return _operations; } }

        /// <summary>
        /// The kernels of every model built from now on (and the passes of the current one). A host may plug in
        /// its bit-identical accelerated twins; the device keeps <see cref="KernelSet.Portable"/>.
        /// </summary>
        public KernelSet Kernels
        {
            get { return _kernels; }
            set
            {
                _kernels = value == null ? KernelSet.Portable : value;
                if (_model != null) _model.Network.Kernels = _kernels;
            }
        }

        /// <summary>Drops the model and reloads the newest valid image from storage, if any. Never throws.</summary>
        public void Boot()
        {
            _model = null;
            _operations = 0;
            try
            {
                LoadNewest();
            }
            catch (System.Exception)
            {
                _model = null;
            }
        }

        /// <summary>
        /// Feeds received bytes data[offset .. offset+count); answers every frame they complete into
        /// <paramref name="output"/>. Out-of-range arguments are ignored.
        /// </summary>
        public void Receive(byte[] data, int offset, int count, IByteSink output)
        {
            if (data == null || offset < 0 || count < 0 || offset > data.Length || count > data.Length - offset) return;
            int position = offset;
            int end = offset + count;
            while (position < end)
            {
                int consumed;
                FrameStatus status = _reader.Push(data, position, end - position, out consumed);
                position += consumed;
                if (status == FrameStatus.NeedMore) break;
                if (!_board.IsAlive) continue;
                if (status == FrameStatus.Ok) HandleFrame(output);
                else if (_reader.HasHeader) SendError(_reader.Sequence, ErrorCode.ForFrameStatus(status), FrameStatusMessage(status), output);
            }
        }

        private void HandleFrame(IByteSink output)
        {
            byte type = _reader.Type;
            ushort sequence = _reader.Sequence;
            _body.Reset(_reader.Body, _reader.BodyOffset, _reader.BodyLength);
            _response.Reset();
            _errorMessage = string.Empty;
            byte code;
            try
            {
                code = Dispatch(type);
            }
            catch (System.OutOfMemoryException)
            {
                code = Fail(ErrorCode.OutOfMemory, "out of memory");
            }
            catch (System.Exception)
            {
                code = Fail(ErrorCode.Internal, "internal fault");
            }
            if (code == ErrorCode.None && !_response.Ok) code = Fail(ErrorCode.Internal, "answer did not fit a frame");
            if (code != ErrorCode.None)
            {
                SendError(sequence, code, _errorMessage, output);
                return;
            }
            Send(MessageType.ResponseTo(type), sequence, output);
        }

        private byte Dispatch(byte type)
        {
            switch (type)
            {
                case MessageType.Hello: return Hello();
                case MessageType.Info: return Info();
                case MessageType.Configure: return Configure();
                case MessageType.Present: return Present();
                case MessageType.Sample: return Sample();
                case MessageType.Infer: return Infer();
                case MessageType.Train: return Train();
                case MessageType.TrainSoft: return TrainSoft();
                case MessageType.PresentBatch: return PresentBatch();
                case MessageType.InferBatch: return InferBatch();
                case MessageType.TrainBatch: return TrainBatch();
                case MessageType.TrainSoftBatch: return TrainSoftBatch();
                case MessageType.Save: return Save();
                case MessageType.Load: return Load();
                case MessageType.GetWeights: return GetWeights();
                case MessageType.PutWeights: return PutWeights();
                case MessageType.Stats: return Stats();
                case MessageType.Reset: return ResetRequest();
                case MessageType.SetRates: return SetRates();
                default: return Fail(ErrorCode.UnknownType, "unknown request type");
            }
        }

        private void Send(byte type, ushort sequence, IByteSink output)
        {
            int length = FrameWriter.Write(type, sequence, _responseBody, 0, _response.Length, _frame, 0);
            if (length > 0) output.Write(_frame, 0, length);
        }

        private void SendError(ushort sequence, byte code, string message, IByteSink output)
        {
            _response.Reset();
            ErrorResponse.Write(_response, code, message);
            Send(MessageType.Error, sequence, output);
        }

        /// <summary>Records the message of an error answer and returns its code.</summary>
        private byte Fail(byte code, string message)
        {
            _errorMessage = message;
            return code;
        }

        private static string FrameStatusMessage(FrameStatus status)
        {
            switch (status)
            {
                case FrameStatus.BadCrc: return "frame CRC mismatch";
                case FrameStatus.BadCobs: return "frame is not valid COBS";
                case FrameStatus.Truncated: return "frame too short";
                case FrameStatus.Oversize: return "frame too long";
                default: return "bad frame";
            }
        }

        /// <summary>
        /// SET_RATES: i32 hidden and i32 output learning rate, Q15.16 (0..256). The learner uses them from the next
        /// sample on and SAVE stores them, so a host can run a learning-rate schedule between epochs.
        /// </summary>
        private byte SetRates()
        {
            byte code;
            DeviceModel? model = RequireModel(out code);
            if (model == null) return code;
            int hidden = _body.ReadInt32();
            int output = _body.ReadInt32();
            if (!_body.ExpectEnd()) return Fail(ErrorCode.BadBody, "SET_RATES takes two int32 rates");
            if (hidden < 0 || output < 0 || hidden > LearnerSettings.MaxRateQ16 || output > LearnerSettings.MaxRateQ16)
                return Fail(ErrorCode.BadArgument, "learning rates must be in 0..256 (Q15.16)");
            model.Config.Learner.HiddenLearningRateQ16 = hidden;   // the learner's own settings
            model.Config.Learner.OutputLearningRateQ16 = output;
            return ErrorCode.None;
        }

        /// <summary>A body that must be empty: true if it is.</summary>
        private bool EmptyBody() { return _body.ExpectEnd(); }

        /// <summary>The current model, or null after recording NotConfigured.</summary>
        private DeviceModel? RequireModel(out byte code)
        {
            code = ErrorCode.None;
            if (_model == null) code = Fail(ErrorCode.NotConfigured, "no model: send CONFIGURE or LOAD first");
            return _model;
        }

        private void CountOperation()
        {
            _operations++;
            _board.CountOperations(1);
        }

        /// <summary>Reads the board's inputs once into <see cref="_codes"/> and counts the operation.</summary>
        private void ReadInputs()
        {
            _input.Read(_codes);
            CountOperation();
        }

        /// <summary>Converts the last codes to the network input (Q0.15).</summary>
        private void CodesToInput(Network network)
        {
            AdcInput.ToQ0_15(_codes, _adcBits, network.Input, _channels);
        }

        /// <summary>Clean forward pass of the current inputs (counted as an inference pass).</summary>
        private void Forward(DeviceModel model)
        {
            model.Network.Forward();
            model.InferencePasses++;
        }

        private static bool IsWeightPerturbation(DeviceModel model)
        {
            return model.Config.Algorithm == LearningAlgorithm.WeightPerturbation;
        }

        /// <summary>
        /// Trains the model on the codes just read with the target already set on its learner;
        /// returns the clean prediction (weight perturbation overwrites the clean logits, so its
        /// prediction comes from an extra clean pass first) and updates the running accuracy
        /// against <paramref name="expected"/> (skipped when −1).
        /// </summary>
        private int TrainOnCodes(DeviceModel model, int expected, bool endBatch)
        {
            Network network = model.Network;
            Learner learner = model.Learner;
            CodesToInput(network);
            int predicted = -1;
            if (IsWeightPerturbation(model))
            {
                Forward(model);
                predicted = network.Predict();
            }
            learner.Train();
            if (predicted < 0) predicted = network.Predict();
            if (endBatch) learner.EndBatch();
            if (expected >= 0)
            {
                model.Counted++;
                if (predicted == expected) model.Correct++;
            }
            return predicted;
        }

        /// <summary>Index of the largest value of the model's teacher buffer (the first on ties).</summary>
        private static int TeacherTop(DeviceModel model)
        {
            int[] t = model.Teacher;
            int best = 0;
            for (int i = 1; i < t.Length; i++) if (t[i] > t[best]) best = i;
            return best;
        }
    }
}
