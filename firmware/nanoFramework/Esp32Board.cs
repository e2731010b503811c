using Edge.Core.Hardware;
using Edge.Core.Kernels;

namespace Edge.Esp32
{
    /// <summary>
    /// The ESP32 as the firmware sees it: its ADC1 inputs, its internal-flash model slots, a digital ReLU (no
    /// analog compute), no modelled end of life. Operations are counted for INFO.
    /// </summary>
    public sealed class Esp32Board : IBoard
    {
        private readonly string _profile;
        private readonly uint _serial;
        private readonly IAnalogInput _input;
        private readonly IStorage _storage;
        private long _operations;

        public Esp32Board(string profile, uint serial, IAnalogInput input, IStorage storage)
        {
            _profile = profile;
            _serial = serial;
            _input = input;
            _storage = storage;
        }

        public string Profile { get { return _profile; } }

        public uint Serial { get { return _serial; } }

        public IAnalogInput Input { get { return _input; } }

        public IStorage Storage { get { return _storage; } }

        public IActivation? HiddenActivation { get { return null; } }

        public bool IsAlive { get { return true; } }

        public long Operations { get { return _operations; } }

        /// <summary>Free managed heap after a collection, bytes.</summary>
        public long FreeMemory { get { return nanoFramework.Runtime.Native.GC.Run(false); } }

        public void CountOperations(int count) { _operations += count; }
    }
}
