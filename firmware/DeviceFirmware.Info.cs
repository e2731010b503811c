using Edge.Core.Protocol;
using Edge.Core.Storage;

namespace Edge.Firmware
{
    // HELLO, INFO, CONFIGURE, STATS, RESET.
    public sealed partial class DeviceFirmware
    {
        /// <summary>HELLO: optional u16 protocol version of the host (must match); answers who this is.</summary>
        private byte Hello()
        {
            if (_body.Remaining == 2)
            {
                int hostVersion = _body.ReadUInt16();
                if (hostVersion != ProtocolVersion.Current) return Fail(ErrorCode.Unsupported, "protocol version not supported");
            }
            if (!EmptyBody()) return Fail(ErrorCode.BadBody, "HELLO takes no body or a u16 protocol version");
            WriteIdentity();
            return ErrorCode.None;
        }

        /// <summary>u16 protocol, u16 firmware, u16 image format, u32 serial, u16 channels, u8 ADC bits, ascii profile.</summary>
        private void WriteIdentity()
        {
            _response.WriteUInt16(ProtocolVersion.Current);
            _response.WriteUInt16(FirmwareInfo.FirmwareVersion);
            _response.WriteUInt16(FirmwareInfo.ImageFormatVersion);
            _response.WriteUInt32(_board.Serial);
            _response.WriteUInt16((ushort)_channels);
            _response.WriteByte((byte)_adcBits);
            _response.WriteAscii(_board.Profile, 200);
        }

        /// <summary>
        /// INFO: identity, free memory, operations, then the model (config block etc.) if any, then the damaged
        /// images in flash: u8 count, u32 the highest generation their headers tell.
        /// </summary>
        private byte Info()
        {
            if (!EmptyBody()) return Fail(ErrorCode.BadBody, "INFO takes no body");
            WriteIdentity();
            _response.WriteInt64(_board.FreeMemory);
            _response.WriteInt64(_operations);
            DeviceModel? model = _model;
            _response.WriteByte(model == null ? (byte)0 : (byte)1);
            if (model != null)
            {
                ConfigCodec.Write(_response, model.Config);
                _response.WriteByte(model.Config.Activation);
                _response.WriteInt64(model.Learner.Samples);
                _response.WriteInt32(model.Learner.StateBytes);
                _response.WriteUInt32(model.Generation);
            }
            _response.WriteByte((byte)(_damagedSlots > 255 ? 255 : _damagedSlots));
            _response.WriteUInt32(_damagedGeneration);
            return ErrorCode.None;
        }

        /// <summary>CONFIGURE: a config block; builds a fresh model. Any failure keeps the old model.</summary>
        private byte Configure()
        {
            if (!ConfigCodec.Read(_body, _requested) || !_body.ExpectEnd()) return Fail(ErrorCode.BadBody, "malformed CONFIGURE body");
            _requested.Activation = _board.HiddenActivation != null ? ActivationKind.BoardPhysical : ActivationKind.Relu;
            string? problem = _requested.Validate();
            if (problem != null) return Fail(ErrorCode.BadArgument, problem);
            if (_requested.InputCount != _channels) return Fail(ErrorCode.BadArgument, "input size must equal the board's channel count");
            if (!FitsMemory(_requested)) return Fail(ErrorCode.OutOfMemory, "model does not fit the board's free memory");
            DeviceModel model;
            try
            {
                model = new DeviceModel(_requested, _board.HiddenActivation, _kernel);
            }
            catch (System.OutOfMemoryException)
            {
                return Fail(ErrorCode.OutOfMemory, "out of memory building the model");
            }
            _model = model;
            _response.WriteUInt32((uint)model.Network.ParameterCount);
            _response.WriteInt32(model.Learner.StateBytes);
            return ErrorCode.None;
        }

        /// <summary>True when the board reports no free memory figure, or the model's estimate fits it (the old model's memory counts as free).</summary>
        private bool FitsMemory(ModelConfig config)
        {
            long free = _board.FreeMemory;
            if (free < 0) return true;
            if (_model != null) free += _model.Learner.StateBytes;
            return config.EstimatedStateBytes <= free;
        }

        /// <summary>
        /// STATS: optional u8 flags (bit 0: restart the running accuracy after answering).
        /// Answer: i64 operations, u32 frames accepted, u32 frames rejected, i64 samples trained,
        /// i64 forward passes, i32 last loss Q15.16, u32 correct, u32 counted.
        /// </summary>
        private byte Stats()
        {
            int flags = _body.Remaining == 1 ? _body.ReadByte() : 0;
            if (!EmptyBody() || (flags & ~1) != 0) return Fail(ErrorCode.BadBody, "STATS takes no body or one flags byte");
            DeviceModel? model = _model;
            _response.WriteInt64(_operations);
            _response.WriteUInt32(_reader.FramesAccepted);
            _response.WriteUInt32(_reader.FramesRejected);
            _response.WriteInt64(model == null ? 0 : model.Learner.Samples);
            _response.WriteInt64(model == null ? 0 : model.ForwardPasses);
            _response.WriteInt32(model == null ? 0 : model.Learner.LastLoss);
            _response.WriteUInt32(model == null ? 0 : model.Correct);
            _response.WriteUInt32(model == null ? 0 : model.Counted);
            if (model != null && (flags & 1) != 0)
            {
                model.Correct = 0;
                model.Counted = 0;
            }
            return ErrorCode.None;
        }

        /// <summary>RESET: re-boots from storage; answers u8 model loaded, u32 its generation.</summary>
        private byte ResetRequest()
        {
            if (!EmptyBody()) return Fail(ErrorCode.BadBody, "RESET takes no body");
            Boot();
            _response.WriteByte(_model == null ? (byte)0 : (byte)1);
            _response.WriteUInt32(_model == null ? 0 : _model.Generation);
            return ErrorCode.None;
        }
    }
}
