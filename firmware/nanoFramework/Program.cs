using System.Device.Adc;
using System.Device.Gpio;
using System.IO.Ports;
using System.Threading;
using Edge.Firmware;
using nanoFramework.Hardware.Esp32;

namespace Edge.Esp32
{
    /// <summary>
    /// Edge on an ESP32-DevKitC (profile boards/esp32-devkitc.json): the ADC1 channels are the inputs, the
    /// internal flash (I:\) keeps the model, and the Edge wire protocol runs on COM2 (UART2: RX GPIO16, TX
    /// GPIO17) at <see cref="Baud"/> — COM1, the on-board USB bridge, is nanoFramework's debug and deploy
    /// link. The status LED (GPIO2) is lit while a model is loaded and flickers with every request.
    /// </summary>
    public class Program
    {
        /// <summary>Profile name reported in HELLO/INFO.</summary>
        public const string ProfileName = "esp32-devkitc";
        /// <summary>This board's serial number (HELLO/INFO); give each board its own before deploying.</summary>
        public const uint BoardSerial = 1;
        public const int Baud = 115200;
        public const int AdcBits = 12;
        public const int RxPin = 16, TxPin = 17, LedPin = 2;
        /// <summary>Two model slots of 32 kB: a 64-32-10 model with int32 master weights is about 15 kB.</summary>
        public const int SlotCount = 2, SlotSize = 32 * 1024;

        /// <summary>pins.adc_channels of the profile: ADC1 channels 0, 3, 4, 5, 6, 7 = GPIO36, 39, 32, 33, 34, 35.</summary>
        private static readonly int[] AdcChannels = new int[] { 0, 3, 4, 5, 6, 7 };

        public static void Main()
        {
            // Pin functions must be set before the port is opened.
            Configuration.SetPinFunction(RxPin, DeviceFunction.COM2_RX);
            Configuration.SetPinFunction(TxPin, DeviceFunction.COM2_TX);

            var board = new Esp32Board(ProfileName, BoardSerial,
                new Esp32AnalogInput(new AdcController(), AdcChannels, AdcBits),
                new InternalFlashStorage("I:\\", SlotCount, SlotSize));
            var firmware = new DeviceFirmware(board); // boots the last good model from flash, if any

            var gpio = new GpioController();
            GpioPin led = gpio.OpenPin(LedPin, PinMode.Output);

            var port = new SerialPort("COM2", Baud, Parity.None, 8, StopBits.One);
            port.ReadBufferSize = 2048;
            port.Open();
            var sink = new SerialSink(port);
            var buffer = new byte[256];

            while (true)
            {
                int available = port.BytesToRead;
                if (available <= 0)
                {
                    led.Write(firmware.Model != null ? PinValue.High : PinValue.Low);
                    Thread.Sleep(2);
                    continue;
                }
                int n = port.Read(buffer, 0, available < buffer.Length ? available : buffer.Length);
                if (n <= 0) continue;
                led.Write(PinValue.Low);
                firmware.Receive(buffer, 0, n, sink);
            }
        }
    }
}
