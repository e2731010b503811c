namespace Edge.Core.Hardware
{
    /// <summary>
    /// A board's analog inputs as the firmware sees them: channels read through the board's own ADC
    /// path (gain, offset, nonlinearity, noise, quantisation), as unsigned codes of <see cref="AdcBits"/> bits.
    /// </summary>
    public interface IAnalogInput
    {
        int ChannelCount { get; }
        int AdcBits { get; }

        /// <summary>
        /// Puts a stimulus (ideal voltages in microvolts, one per channel) on the inputs. A simulated
        /// board drives its front end with it; a real board reading live sensors returns false.
        /// </summary>
        bool Present(int[] microvolts, int count);

        /// <summary>Reads every channel once into <paramref name="codes"/> (at least ChannelCount long). Allocation-free.</summary>
        void Read(int[] codes);
    }
}
