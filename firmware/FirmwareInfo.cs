using Edge.Core.Storage;

namespace Edge.Firmware
{
    /// <summary>Version numbers the firmware reports in HELLO/INFO.</summary>
    public static class FirmwareInfo
    {
        public const int FirmwareVersion = 1;
        /// <summary>Version of the flash model image (shared/Storage/ModelImage.cs).</summary>
        public const int ImageFormatVersion = ModelImage.FormatVersion;
    }
}
