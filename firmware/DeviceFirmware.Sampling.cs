using Edge.Core.Learning;
using Edge.Core.Numerics;
using Edge.Core.Protocol;
using Edge.Core.Storage;

namespace Edge.Firmware
{
    // PRESENT, SAMPLE, INFER, TRAIN, TRAIN_SOFT and their batched forms.
    public sealed partial class DeviceFirmware
    {
        /// <summary>PRESENT: i32 × channels microvolts. Answer: u8 1 if the board took it (0: live inputs).</summary>
        private byte Present()
        {
            if (!_body.ReadInt32Array(_stimulus, 0, _channels) || !_body.ExpectEnd()) return Fail(ErrorCode.BadBody, "PRESENT takes i32 microvolts for every channel");
            _response.WriteByte(_input.Present(_stimulus, _channels) ? (byte)1 : (byte)0);
            return ErrorCode.None;
        }

        /// <summary>SAMPLE: no body. Answer: u16 channels, u16 × channels ADC codes.</summary>
        private byte Sample()
        {
            if (!EmptyBody()) return Fail(ErrorCode.BadBody, "SAMPLE takes no body");
            ReadInputs();
            WriteCodes();
            return ErrorCode.None;
        }

        /// <summary>INFER: no body. Answer: u16 outputs, i32 × outputs logits Q15.16.</summary>
        private byte Infer()
        {
            if (!EmptyBody()) return Fail(ErrorCode.BadBody, "INFER takes no body");
            byte code;
            DeviceModel? model = RequireModel(out code);
            if (model == null) return code;
            ReadInputs();
            CodesToInput(model.Network);
            Forward(model);
            _response.WriteUInt16((ushort)model.Config.OutputCount);
            _response.WriteInt32Array(model.Network.Logits, 0, model.Config.OutputCount);
            return ErrorCode.None;
        }

        /// <summary>TRAIN: u8 label, u8 flags (bit 0 end of batch). Answer: i32 loss Q15.16, u8 predicted class.</summary>
        private byte Train()
        {
            int label = _body.ReadByte();
            int flags = _body.ReadByte();
            if (!_body.ExpectEnd() || (flags & ~FlagEndBatch) != 0) return Fail(ErrorCode.BadBody, "TRAIN takes u8 label, u8 flags");
            byte code;
            DeviceModel? model = RequireModel(out code);
            if (model == null) return code;
            if (label >= model.Config.OutputCount) return Fail(ErrorCode.BadArgument, "label out of range");
            ReadInputs();
            model.Learner.Target.SetLabel(label);
            int predicted = TrainOnCodes(model, label, (flags & FlagEndBatch) != 0);
            WriteTrainResult(model, predicted);
            return ErrorCode.None;
        }

        /// <summary>
        /// TRAIN_SOFT: u8 flags (bit 0 end of batch, bit 1 teacher values are probabilities), i32 T
        /// Q15.16, i16 label (−1: none), i32 α Q15.16, i32 × outputs teacher logits or probabilities
        /// Q15.16. Answer: i32 loss Q15.16, u8 predicted class.
        /// </summary>
        private byte TrainSoft()
        {
            int flags = _body.ReadByte();
            int temperature = _body.ReadInt32();
            int label = _body.ReadInt16();
            int alpha = _body.ReadInt32();
            byte code;
            DeviceModel? model = RequireModel(out code);
            if (model == null) return code;
            if (!_body.ReadInt32Array(model.Teacher, 0, model.Config.OutputCount) || !_body.ExpectEnd()
                || (flags & ~(FlagEndBatch | FlagProbabilities)) != 0) return Fail(ErrorCode.BadBody, "malformed TRAIN_SOFT body");
            if (!SoftArgumentsValid(model, temperature, label, alpha, out code)) return code;
            ReadInputs();
            int predicted = TrainSoftOnCodes(model, flags, temperature, label, alpha, (flags & FlagEndBatch) != 0);
            WriteTrainResult(model, predicted);
            return ErrorCode.None;
        }

        private bool SoftArgumentsValid(DeviceModel model, int temperature, int label, int alpha, out byte code)
        {
            code = ErrorCode.None;
            if (temperature < 1 || temperature > LearnerSettings.MaxRateQ16) code = Fail(ErrorCode.BadArgument, "temperature must be in (0, 256]");
            else if (label < -1 || label >= model.Config.OutputCount) code = Fail(ErrorCode.BadArgument, "label out of range");
            else if (alpha < 0 || alpha > Q.One16) code = Fail(ErrorCode.BadArgument, "alpha must be in [0, 1]");
            return code == ErrorCode.None;
        }

        private int TrainSoftOnCodes(DeviceModel model, int flags, int temperature, int label, int alpha, bool endBatch)
        {
            model.Learner.Target.SetTeacher(model.Teacher, (flags & FlagProbabilities) == 0, temperature, label, alpha);
            return TrainOnCodes(model, label >= 0 ? label : TeacherTop(model), endBatch);
        }

        private void WriteTrainResult(DeviceModel model, int predicted)
        {
            _response.WriteInt32(model.Learner.LastLoss);
            _response.WriteByte((byte)predicted);
        }

        private void WriteCodes()
        {
            _response.WriteUInt16((ushort)_channels);
            for (int i = 0; i < _channels; i++)
            {
                int c = _codes[i];
                _response.WriteUInt16((ushort)(c < 0 ? 0 : (c > 0xFFFF ? 0xFFFF : c)));
            }
        }

        /// <summary>
        /// Reads a batch header (u16 N, u32 stimulus step in µV: 0 = stimuli are i32 µV, else u16
        /// units of that step) and checks that N items of <paramref name="itemExtra"/> bytes after
        /// their stimulus, after <paramref name="fixedExtra"/> more header bytes, fill the body
        /// exactly and that N answers of <paramref name="answerItem"/> bytes after
        /// <paramref name="answerHeader"/> fit a frame. Returns N, or −1 after recording the error.
        /// </summary>
        private int ReadBatchHeader(int fixedExtra, int itemExtra, int answerHeader, int answerItem, out int step, out byte code)
        {
            code = ErrorCode.None;
            int count = _body.ReadUInt16();
            step = (int)_body.ReadUInt32();
            if (!_body.Ok) { code = Fail(ErrorCode.BadBody, "batch body too short"); return -1; }
            if (step < 0 || step > StimulusEncoding.MaxStep) { code = Fail(ErrorCode.BadArgument, "stimulus step must be 0..32768 microvolts"); return -1; }
            long item = (long)StimulusEncoding.Bytes(_channels, step) + itemExtra;
            if ((long)_body.Remaining != fixedExtra + count * item) { code = Fail(ErrorCode.BadBody, "batch body length does not match its count"); return -1; }
            if (answerHeader + (long)count * answerItem > FrameLimits.MaxBody) { code = Fail(ErrorCode.BadArgument, "batch answer would not fit a frame"); return -1; }
            return count;
        }

        /// <summary>Reads one stimulus of the batch encoding into <see cref="_stimulus"/> (µV).</summary>
        private void ReadStimulus(int step) { StimulusEncoding.Read(_body, _stimulus, _channels, step); }

        /// <summary>Restarts the body reader at the first byte after the batch header and <paramref name="skip"/> more bytes.</summary>
        private void RestartBody(int skip)
        {
            _body.Reset(_reader.Body, _reader.BodyOffset, _reader.BodyLength);
            _body.Skip(StimulusEncoding.HeaderLength + skip);
        }

        /// <summary>PRESENT_BATCH: header, N stimuli; each is presented and sampled. Answer: u16 N, u16 channels, N × channels u16 codes.</summary>
        private byte PresentBatch()
        {
            int step;
            byte code;
            int count = ReadBatchHeader(0, 0, 4, 2 * _channels, out step, out code);
            if (count < 0) return code;
            _response.WriteUInt16((ushort)count);
            _response.WriteUInt16((ushort)_channels);
            for (int n = 0; n < count; n++)
            {
                ReadStimulus(step);
                _input.Present(_stimulus, _channels);
                ReadInputs();
                for (int i = 0; i < _channels; i++)
                {
                    int c = _codes[i];
                    _response.WriteUInt16((ushort)(c < 0 ? 0 : (c > 0xFFFF ? 0xFFFF : c)));
                }
            }
            return ErrorCode.None;
        }

        /// <summary>INFER_BATCH: header, N stimuli. Answer: u16 N, u16 outputs, N × outputs i32 logits Q15.16.</summary>
        private byte InferBatch()
        {
            byte code;
            DeviceModel? model = RequireModel(out code);
            if (model == null) return code;
            int outputs = model.Config.OutputCount;
            int step;
            int count = ReadBatchHeader(0, 0, 4, 4 * outputs, out step, out code);
            if (count < 0) return code;
            _response.WriteUInt16((ushort)count);
            _response.WriteUInt16((ushort)outputs);
            for (int n = 0; n < count; n++)
            {
                ReadStimulus(step);
                _input.Present(_stimulus, _channels);
                ReadInputs();
                CodesToInput(model.Network);
                Forward(model);
                _response.WriteInt32Array(model.Network.Logits, 0, outputs);
            }
            return ErrorCode.None;
        }

        /// <summary>
        /// TRAIN_BATCH: header, u8 flags (bit 0 end of batch after the last item), N × (stimulus,
        /// u8 label). N = 0 with bit 0 just flushes the mini-batch. Answer: u16 N, N × (i32 loss, u8 predicted).
        /// </summary>
        private byte TrainBatch()
        {
            byte code;
            DeviceModel? model = RequireModel(out code);
            if (model == null) return code;
            int step;
            int count = ReadBatchHeader(1, 1, 2, 5, out step, out code);
            if (count < 0) return code;
            int flags = _body.ReadByte();
            if ((flags & ~FlagEndBatch) != 0) return Fail(ErrorCode.BadBody, "unknown TRAIN_BATCH flags");
            int stimulusBytes = StimulusEncoding.Bytes(_channels, step);
            for (int n = 0; n < count; n++)
            {
                _body.Skip(stimulusBytes);
                if (_body.ReadByte() >= model.Config.OutputCount) return Fail(ErrorCode.BadArgument, "label out of range");
            }
            RestartBody(1);
            _response.WriteUInt16((ushort)count);
            for (int n = 0; n < count; n++)
            {
                ReadStimulus(step);
                int label = _body.ReadByte();
                _input.Present(_stimulus, _channels);
                ReadInputs();
                model.Learner.Target.SetLabel(label);
                int predicted = TrainOnCodes(model, label, false);
                WriteTrainResult(model, predicted);
            }
            if ((flags & FlagEndBatch) != 0) model.Learner.EndBatch();
            return ErrorCode.None;
        }

        /// <summary>
        /// TRAIN_SOFT_BATCH: header, u8 flags (bit 0 end of batch, bit 1 probabilities), i32 T Q15.16,
        /// i32 α Q15.16, N × (stimulus, i16 label or −1, i32 × outputs teacher values Q15.16).
        /// Answer: u16 N, N × (i32 loss, u8 predicted).
        /// </summary>
        private byte TrainSoftBatch()
        {
            byte code;
            DeviceModel? model = RequireModel(out code);
            if (model == null) return code;
            int outputs = model.Config.OutputCount;
            int step;
            int count = ReadBatchHeader(9, 2 + 4 * outputs, 2, 5, out step, out code);
            if (count < 0) return code;
            int flags = _body.ReadByte();
            int temperature = _body.ReadInt32();
            int alpha = _body.ReadInt32();
            if ((flags & ~(FlagEndBatch | FlagProbabilities)) != 0) return Fail(ErrorCode.BadBody, "unknown TRAIN_SOFT_BATCH flags");
            if (!SoftArgumentsValid(model, temperature, -1, alpha, out code)) return code;
            int stimulusBytes = StimulusEncoding.Bytes(_channels, step);
            for (int n = 0; n < count; n++)
            {
                _body.Skip(stimulusBytes);
                int label = _body.ReadInt16();
                if (label < -1 || label >= outputs) return Fail(ErrorCode.BadArgument, "label out of range");
                _body.Skip(4 * outputs);
            }
            RestartBody(9);
            _response.WriteUInt16((ushort)count);
            for (int n = 0; n < count; n++)
            {
                ReadStimulus(step);
                int label = _body.ReadInt16();
                _body.ReadInt32Array(model.Teacher, 0, outputs);
                _input.Present(_stimulus, _channels);
                ReadInputs();
                int predicted = TrainSoftOnCodes(model, flags, temperature, label, alpha, false);
                WriteTrainResult(model, predicted);
            }
            if ((flags & FlagEndBatch) != 0) model.Learner.EndBatch();
            return ErrorCode.None;
        }
    }
}
