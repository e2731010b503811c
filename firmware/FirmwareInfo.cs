using Edge.Core.Storage;

namespace Edge.Firmware
{
    /// <summary>Version numbers the firmware reports in HELLO/INFO.</summary>
    public static class FirmwareInfo
    {
        public const int FirmwareVersion = 2;
        /// <summary>The newest version of the flash model image (shared/Storage/ModelImage.cs) the firmware reads and writes.</summary>
        public const int ImageFormatVersion = ModelImage.ExponentsFormatVersion;
    }
}
