using System.Device.Adc;
using Edge.Core.Hardware;

namespace Edge.Esp32
{
    /// <summary>
    /// The ESP32's ADC1 through nanoFramework's <see cref="AdcController"/>: one <see cref="AdcChannel"/> per
    /// input, in the order of the profile's adc_channels (esp32-devkitc: 0, 3, 4, 5, 6, 7 = GPIO36, 39, 32, 33,
    /// 34, 35). nanoFramework sets ADC1 to 12 bits and 11 dB attenuation (about 0–3.9 V, compressing above
    /// 2.45 V; the profile's nonlinearity). The inputs are live sensors: Present returns false.
    /// </summary>
    public sealed class Esp32AnalogInput : IAnalogInput
    {
        private readonly AdcChannel[] _channels;
        private readonly int _bits;

        public Esp32AnalogInput(AdcController controller, int[] channelNumbers, int adcBits)
        {
            _channels = new AdcChannel[channelNumbers.Length];
            for (int i = 0; i < channelNumbers.Length; i++) _channels[i] = controller.OpenChannel(channelNumbers[i]);
            _bits = adcBits;
        }

        public int ChannelCount { get { return _channels.Length; } }

        public int AdcBits { get { return _bits; } }

        public bool Present(int[] microvolts, int count) { return false; }

        /// <summary>One conversion per channel; codes clamped to the converter's range.</summary>
        public void Read(int[] codes)
        {
            int max = (1 << _bits) - 1;
            for (int i = 0; i < _channels.Length; i++)
            {
                int code = _channels[i].ReadValue();
                codes[i] = code < 0 ? 0 : code > max ? max : code;
            }
        }
    }
}
