namespace Edge.Core.Hardware
{
    /// <summary>
    /// Where the firmware writes its response bytes: a UART, a socket, an in-process pipe. The
    /// buffer is only valid during the call (the firmware reuses it), so a sink must copy or send it.
    /// </summary>
    public interface IByteSink
    {
        void Write(byte[] buffer, int offset, int count);
    }
}
