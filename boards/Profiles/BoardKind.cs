namespace Edge.Boards.Profiles;

/// <summary>What runs a profile: the in-process simulation or one of the real board back-ends.</summary>
public enum BoardKind
{
    /// <summary>"simulated": the simulated mortal board (any profile can also be simulated).</summary>
    Simulated,
    /// <summary>"linux-mcp3008": a Linux board (Raspberry Pi) reading MCP3008 chips over SPI.</summary>
    LinuxMcp3008,
    /// <summary>"linux-ads1115": a Linux board reading ADS1115 chips over I2C.</summary>
    LinuxAds1115,
    /// <summary>"nanoframework-esp32": an ESP32 running nanoFramework, reading its own ADC1.</summary>
    NanoFrameworkEsp32,
}
