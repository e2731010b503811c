using Edge.Core.Kernels;

namespace Edge.Core.Hardware
{
    /// <summary>
    /// Everything the firmware needs from the board it runs on. A simulated mortal board, a Linux
    /// board with ADC chips and a nanoFramework ESP32 each implement it.
    /// </summary>
    public interface IBoard
    {
        /// <summary>Board profile name, e.g. "sim-digits".</summary>
        string Profile { get; }
        /// <summary>Serial number of this board instance.</summary>
        uint Serial { get; }
        IAnalogInput Input { get; }
        IStorage Storage { get; }

        /// <summary>
        /// The physical hidden nonlinearity of boards with analog compute units, or null for the
        /// digital ReLU. The firmware plugs it into the network; learners never see its derivative.
        /// </summary>
        IActivation? HiddenActivation { get; }

        /// <summary>
        /// Counts operations (one per sample read, inferred or trained) for ageing and end of life.
        /// </summary>
        void CountOperations(int count);

        /// <summary>False once the board has reached its end of life: it then answers nothing.</summary>
        bool IsAlive { get; }

        /// <summary>Free memory the board reports in INFO, in bytes (−1 if unknown).</summary>
        long FreeMemory { get; }
    }
}
