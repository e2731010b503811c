using System.Net;
using Edge.Host.Cli;
using Edge.Host.Targets;
using Xunit;

namespace Edge.Tests.Targets;

public class TargetParsingTests
{
    [Theory]
    [InlineData("sim:sim-digits#1", "sim-digits", 1u, "sim:sim-digits#1")]
    [InlineData("sim:boards/sim-digits.json#42", "boards/sim-digits.json", 42u, "sim:boards/sim-digits.json#42")]
    [InlineData("sim:/tmp/my#board.json#0x10", "/tmp/my#board.json", 16u, "sim:/tmp/my#board.json#16")]
    [InlineData("SIM:sim-fashion#4294967295", "sim-fashion", 4294967295u, "sim:sim-fashion#4294967295")]
    public void SimTargets(string text, string profile, uint serial, string canonical)
    {
        var sim = Assert.IsType<SimTarget>(Target.Parse(text));
        Assert.Equal(profile, sim.Profile);
        Assert.Equal(serial, sim.Serial);
        Assert.Equal(canonical, sim.ToString());
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:5555", "127.0.0.1", 5555, "tcp://127.0.0.1:5555")]
    [InlineData("tcp://localhost:1/", "localhost", 1, "tcp://localhost:1")]
    [InlineData("tcp://[::1]:65535", "::1", 65535, "tcp://[::1]:65535")]
    public void TcpTargets(string text, string host, int port, string canonical)
    {
        var tcp = Assert.IsType<TcpTarget>(Target.Parse(text));
        Assert.Equal(new TcpTarget(host, port), tcp);
        Assert.Equal(canonical, tcp.ToString());
    }

    [Fact]
    public void ATcpTargetNamesItsKeyFile_WhichItsTextLeavesOut()
    {
        var tcp = Assert.IsType<TcpTarget>(Target.Parse("tcp://pi.local:5555?key-file=/etc/edge/board.key"));
        Assert.Equal(new TcpTarget("pi.local", 5555, "/etc/edge/board.key"), tcp);
        Assert.Equal("tcp://pi.local:5555", tcp.ToString());
    }

    [Theory]
    [InlineData("serial:/dev/ttyUSB0", "/dev/ttyUSB0", 115200)]
    [InlineData("serial:/dev/ttyACM1?baud=921600", "/dev/ttyACM1", 921600)]
    [InlineData("serial:COM3?baud=9600", "COM3", 9600)]
    public void SerialTargets(string text, string device, int baud)
    {
        var serial = Assert.IsType<SerialTarget>(Target.Parse(text));
        Assert.Equal(new SerialTarget(device, baud), serial);
        Assert.Equal($"serial:{device}?baud={baud}", serial.ToString());
    }

    [Theory]
    [InlineData("", "unknown kind of target")]
    [InlineData("boards/sim-digits.json", "unknown kind of target")]
    [InlineData("sim:sim-digits", "needs a serial number after '#'")]
    [InlineData("sim:#3", "the profile is missing")]
    [InlineData("sim:sim-digits#-1", "serial '-1' is not a number")]
    [InlineData("sim:sim-digits#4294967296", "serial '4294967296' is not a number")]
    [InlineData("tcp://127.0.0.1", "the port is missing")]
    [InlineData("tcp://127.0.0.1:0", "port '0' is not in 1..65535")]
    [InlineData("tcp://127.0.0.1:70000", "port '70000' is not in 1..65535")]
    [InlineData("tcp://:5555", "bad host ''")]
    [InlineData("tcp://::1:5555", "brackets")]
    [InlineData("tcp://127.0.0.1:5555?key=x", "unknown option 'key'")]
    [InlineData("tcp://127.0.0.1:5555?key-file=", "key-file= needs a path")]
    [InlineData("serial:", "the serial device is missing")]
    [InlineData("serial:/dev/ttyUSB0?baud=fast", "baud 'fast' is not a positive number")]
    [InlineData("serial:/dev/ttyUSB0?parity=even", "unknown option 'parity'")]
    public void BadTargetsGiveOneLineListingTheValidForms(string text, string problem)
    {
        var e = Assert.Throws<UsageException>(() => Target.Parse(text));
        Assert.StartsWith($"bad target '{text}': ", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.EndsWith("expected " + Target.Forms, e.Message);
        Assert.Contains("sim:<profile>#<serial>", e.Message);
        Assert.Contains("tcp://HOST:PORT", e.Message);
        Assert.Contains("serial:<device>", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(Target.TryParse(text, out _, out string? error));
        Assert.Equal(e.Message, error);
    }

    [Theory]
    [InlineData("5555", "127.0.0.1:5555")]
    [InlineData("0", "127.0.0.1:0")]
    [InlineData("127.0.0.1:5555", "127.0.0.1:5555")]
    [InlineData("localhost:7", "127.0.0.1:7")]
    [InlineData("0.0.0.0:5555", "0.0.0.0:5555")]
    [InlineData("[::1]:5555", "[::1]:5555")]
    public void ListenAddresses(string text, string endPoint) =>
        Assert.Equal(IPEndPoint.Parse(endPoint), ListenAddress.Parse(text));

    [Theory]
    [InlineData("board.example:5555", "is not an IP address")]
    [InlineData("127.0.0.1:99999", "port '99999'")]
    [InlineData("[::1]5555", "expected [IPv6]:PORT")]
    [InlineData("::1:5555", "brackets")] // the same HostPort parser as tcp:// targets
    [InlineData(":5555", "bad host ''")]
    public void BadListenAddresses(string text, string problem)
    {
        var e = Assert.Throws<UsageException>(() => ListenAddress.Parse(text));
        Assert.Contains(problem, e.Message);
        Assert.Contains(ListenAddress.Forms, e.Message);
    }
}
