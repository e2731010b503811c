namespace Edge.Firmware
{
    /// <summary>Version numbers the firmware reports in HELLO/INFO.</summary>
    public static class FirmwareInfo
    {
        public const int FirmwareVersion = 1;
    }
}
