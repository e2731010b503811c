using Edge.Core.Protocol;
using Edge.Core.Storage;

namespace Edge.Firmware
{
    // SAVE, LOAD, GET_WEIGHTS, PUT_WEIGHTS, and loading at boot.
    public sealed partial class DeviceFirmware
    {
        private const int FlagCommit = 1;

        /// <summary>SAVE: no body. Answer: u32 generation, u8 slot, u32 image bytes.</summary>
        private byte Save()
        {
            if (!EmptyBody()) return Fail(ErrorCode.BadBody, "SAVE takes no body");
            byte code;
            DeviceModel? model = RequireModel(out code);
            if (model == null) return code;
            _image.Config.CopyFrom(model.Config);
            _image.Serial = _board.Serial;
            _image.SamplesSeen = model.Learner.Samples;
            int slot = _store.Save(_image, model.Network);
            switch (slot)
            {
                case ModelStore.SaveTooLarge: return Fail(ErrorCode.StorageFailure, "model image does not fit a storage slot");
                case ModelStore.SaveNoSlots: return Fail(ErrorCode.StorageFailure, "storage needs at least two slots");
                case ModelStore.SaveWriteFailed: return Fail(ErrorCode.StorageFailure, "flash write failed");
                case ModelStore.SaveVerifyFailed: return Fail(ErrorCode.StorageFailure, "flash read-back verification failed");
            }
            if (slot < 0) return Fail(ErrorCode.Internal, "model does not match its config");
            model.Generation = _image.Generation;
            _damagedSlots = _store.CountDamaged(out _damagedGeneration);   // the save may have replaced a damaged image
            _response.WriteUInt32(_image.Generation);
            _response.WriteByte((byte)slot);
            _response.WriteUInt32((uint)_image.ImageLength);
            return ErrorCode.None;
        }

        /// <summary>LOAD: no body. Answer: u32 generation, u8 slot, i64 samples seen, config block.</summary>
        private byte Load()
        {
            if (!EmptyBody()) return Fail(ErrorCode.BadBody, "LOAD takes no body");
            int slot;
            byte code = LoadNewest(out slot);
            if (code != ErrorCode.None) return code;
            DeviceModel model = _model!;
            _response.WriteUInt32(model.Generation);
            _response.WriteByte((byte)slot);
            _response.WriteInt64(model.Learner.Samples);
            ConfigCodec.Write(_response, model.Config);
            return ErrorCode.None;
        }

        private byte LoadNewest()
        {
            int slot;
            return LoadNewest(out slot);
        }

        /// <summary>
        /// Replaces the model by the newest valid image; on any failure the current model stays. Notes the damaged
        /// images it passes over, so INFO can tell the host that an older model was loaded in their place.
        /// </summary>
        private byte LoadNewest(out int slot)
        {
            _damagedSlots = _store.CountDamaged(out _damagedGeneration);
            slot = _store.FindNewest(_image);
            if (slot < 0) return Fail(ErrorCode.NoSavedModel, "no valid model image in storage");
            ModelConfig config = _image.Config;
            if (config.InputCount != _channels) return Fail(ErrorCode.Unsupported, "saved model does not match the board's channel count");
            config.Activation = _board.HiddenActivation != null ? ActivationKind.BoardPhysical : ActivationKind.Relu;
            if (!FitsMemory(config)) return Fail(ErrorCode.OutOfMemory, "saved model does not fit the board's free memory");
            DeviceModel model = new DeviceModel(config, _board.HiddenActivation, _kernels);
            if (!_store.ReadWeights(slot, _image, model.Network)) return Fail(ErrorCode.StorageFailure, "model image changed or became unreadable while loading");
            model.Learner.ReloadWeights();
            model.Learner.Samples = _image.SamplesSeen;
            model.Generation = _image.Generation;
            _model = model;
            return ErrorCode.None;
        }

        /// <summary>
        /// GET_WEIGHTS: u32 offset, u16 count (≤ 1000) into the weight stream (int16 Q3.12 scaled by each
        /// layer's weight exponent, see WeightStream). Answer: u32 total, u32 offset, u16 count, u16 weight
        /// exponents (WeightExponents), i16 × count.
        /// </summary>
        private byte GetWeights()
        {
            uint offset = _body.ReadUInt32();
            int count = _body.ReadUInt16();
            if (!_body.ExpectEnd()) return Fail(ErrorCode.BadBody, "GET_WEIGHTS takes u32 offset, u16 count");
            byte code;
            DeviceModel? model = RequireModel(out code);
            if (model == null) return code;
            int total = model.Network.ParameterCount;
            if (count > WeightChunks.MaxLength || offset > (uint)total || count > total - (int)offset) return Fail(ErrorCode.BadArgument, "weight chunk out of range");
            WeightStream.Read(model.Network, (int)offset, _weightChunk, 0, count);
            _response.WriteUInt32((uint)total);
            _response.WriteUInt32(offset);
            _response.WriteUInt16((ushort)count);
            _response.WriteUInt16((ushort)WeightExponents.Pack(model.Network.WeightExponents, model.Network.LayerCount));
            _response.WriteInt16Array(_weightChunk, 0, count);
            return ErrorCode.None;
        }

        /// <summary>
        /// PUT_WEIGHTS: u8 L, u16 × (L+1) sizes (must be the model's), u32 offset, u16 count (≤ 1000),
        /// u8 flags (bit 0: last chunk, reload the learner), u16 weight exponents (every chunk the same),
        /// i16 × count. Answer: u32 total, u32 end of the chunk.
        /// </summary>
        private byte PutWeights()
        {
            byte code;
            DeviceModel? model = RequireModel(out code);
            int layers = _body.ReadByte();
            bool sameArchitecture = model != null && layers == model.Config.LayerCount;
            for (int i = 0; i <= layers && i <= ModelConfig.MaxLayers; i++)
            {
                int size = _body.ReadUInt16();
                if (model == null || size != model.Config.Sizes[i]) sameArchitecture = false;
            }
            uint offset = _body.ReadUInt32();
            int count = _body.ReadUInt16();
            int flags = _body.ReadByte();
            int exponents = _body.ReadUInt16();
            if (!_body.Ok || _body.Remaining != 2 * count || (flags & ~FlagCommit) != 0) return Fail(ErrorCode.BadBody, "malformed PUT_WEIGHTS body");
            if (model == null) return code;
            if (!sameArchitecture) return Fail(ErrorCode.BadArgument, "architecture does not match the model");
            if (!WeightExponents.Unpack(exponents, layers, _exponents)) return Fail(ErrorCode.BadArgument, "weight exponent out of range");
            int total = model.Network.ParameterCount;
            if (count > WeightChunks.MaxLength || offset > (uint)total || count > total - (int)offset) return Fail(ErrorCode.BadArgument, "weight chunk out of range");
            if (!_body.ReadInt16Array(_weightChunk, 0, count) || !_body.ExpectEnd()) return Fail(ErrorCode.BadBody, "malformed PUT_WEIGHTS body");
            WeightStream.Write(model.Network, (int)offset, _weightChunk, 0, count);
            for (int l = 0; l < layers; l++) model.Network.WeightExponents[l] = _exponents[l];
            if ((flags & FlagCommit) != 0) model.Learner.ReloadWeights();
            _response.WriteUInt32((uint)total);
            _response.WriteUInt32(offset + (uint)count);
            return ErrorCode.None;
        }
    }
}
