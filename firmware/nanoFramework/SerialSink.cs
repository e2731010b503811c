using System.IO.Ports;
using Edge.Core.Hardware;

namespace Edge.Esp32
{
    /// <summary>The firmware's answers go out of the protocol UART as they are produced.</summary>
    public sealed class SerialSink : IByteSink
    {
        private readonly SerialPort _port;

        public SerialSink(SerialPort port) { _port = port; }

        public void Write(byte[] buffer, int offset, int count) { _port.Write(buffer, offset, count); }
    }
}
