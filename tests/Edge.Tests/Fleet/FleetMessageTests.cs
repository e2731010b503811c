using System.Text;
using Edge.Core.Protocol;
using Edge.Host.Cli;
using Edge.Host.Fleet;
using Edge.Host.Targets;

namespace Edge.Tests.Fleet;

/// <summary>What a board accepts from the broker, without a broker: targets, frames as payloads, replays, notes.</summary>
public class FleetMessageTests
{
    internal static byte[] Frame(byte type, ushort sequence, byte[]? body = null)
    {
        body ??= [];
        var output = new byte[FrameLimits.MaxFrame];
        int length = FrameWriter.Write(type, sequence, body, 0, body.Length, output, 0);
        return output[..length];
    }

    [Theory]
    [InlineData("mqtt://127.0.0.1:1883/rack-1", "127.0.0.1", 1883, "rack-1", "mqtt://127.0.0.1:1883/rack-1")]
    [InlineData("MQTT://broker.local/gw_2.a", "broker.local", null, "gw_2.a", "mqtt://broker.local/gw_2.a")]
    [InlineData("mqtt://[::1]:8883/x", "::1", 8883, "x", "mqtt://[::1]:8883/x")]
    public void MqttTargetsParse(string text, string host, int? port, string id, string canonical)
    {
        var target = Assert.IsType<MqttTarget>(Target.Parse(text));
        Assert.Equal(new MqttTarget(new MqttBroker(host, port), id), target);
        Assert.Equal(canonical, target.ToString());
    }

    [Theory]
    [InlineData("mqtt://127.0.0.1:1883", "board id is missing")]
    [InlineData("mqtt://127.0.0.1:1883/", "board id '' is not")]
    [InlineData("mqtt://127.0.0.1:1883/a/b", "board id 'a/b' is not")]
    [InlineData("mqtt://127.0.0.1:1883/rack+", "board id 'rack+' is not")]
    [InlineData("mqtt://127.0.0.1:99999/x", "not in 1..65535")]
    public void BadMqttTargetsSayWhy(string text, string why)
    {
        var e = Assert.Throws<UsageException>(() => Target.Parse(text));
        Assert.Contains(why, e.Message);
        Assert.Contains("mqtt://HOST[:PORT]/BOARD-ID", e.Message);
    }

    [Fact]
    public void OnlyExactlyOneGoodFrameIsAPayload()
    {
        byte[] hello = Frame(MessageType.Hello, 7);
        Assert.Null(FramePayload.Problem(hello, out byte type));
        Assert.Equal(MessageType.Hello, type);
        Assert.Contains("oversized", FramePayload.Problem(new byte[FrameLimits.MaxFrame + 1]));
        Assert.Contains("malformed", FramePayload.Problem([.. hello, .. hello]));                 // two frames
        Assert.Contains("malformed", FramePayload.Problem(hello[..^1]));                          // no delimiter
        byte[] damaged = (byte[])hello.Clone();
        damaged[2] ^= 0x40;
        Assert.Contains("BadCrc", FramePayload.Problem(damaged) ?? "");
        Assert.Contains("malformed", FramePayload.Problem(Encoding.ASCII.GetBytes("hello\0")));
    }

    [Fact]
    public void AReplayedRequestIdIsRefused_ANewSessionIsNot()
    {
        var guard = new ReplayGuard();
        Assert.True(guard.TryAccept(new RequestId(1, 1), out _));
        Assert.True(guard.TryAccept(new RequestId(1, 2), out _));
        Assert.False(guard.TryAccept(new RequestId(1, 2), out string? why));
        Assert.Contains("replayed", why);
        Assert.False(guard.TryAccept(new RequestId(1, 1), out _));
        Assert.True(guard.TryAccept(new RequestId(2, 1), out _));
        Assert.True(RequestId.TryRead(new RequestId(0xABCDEF, 42).ToBytes(), out RequestId back));
        Assert.Equal(new RequestId(0xABCDEF, 42), back);
        Assert.False(RequestId.TryRead(new byte[15], out _));
    }

    [Fact]
    public void NotesAreStrict_AndCompleteThemselvesFromTheStatus()
    {
        Assert.Null(BoardNote.TryParse(Encoding.UTF8.GetBytes("""{"test_accuracy":101}"""), out string? why));
        Assert.Contains("test_accuracy", why);
        Assert.Null(BoardNote.TryParse(Encoding.UTF8.GetBytes("""{"ops_left":5}"""), out why));
        Assert.Contains("ops_left", why);
        Assert.Null(BoardNote.TryParse(Encoding.UTF8.GetBytes("[1,2]"), out why));
        Assert.Null(BoardNote.TryParse(new byte[BoardNote.MaxBytes + 1], out why));
        Assert.Contains("oversized", why);

        BoardNote note = BoardNote.TryParse(Encoding.UTF8.GetBytes("""{"retired":true,"retired_to":"rack-9"}"""), out why)!;
        Assert.Null(why);
        var status = new BoardStatus { Id = "rack-1", TestAccuracy = 96.6, Data = "digits", Model = "64-32-10 ap" };
        BoardStatus after = note.Completed(status).ApplyTo(new BoardStatus { Id = "rack-1" });
        Assert.Equal((96.6, "digits", "64-32-10 ap", true, "rack-9"), (after.TestAccuracy, after.Data, after.Model, after.Retired, after.RetiredTo));
        Assert.Equal(after with { Updated = null }, BoardStatus.TryParse(after.ToJson(), out _)! with { Updated = null });
    }

    [Fact]
    public void GlobsPickBoards()
    {
        var glob = new BoardGlob("rack-*,spare-1");
        Assert.True(glob.Matches("rack-12"));
        Assert.True(glob.Matches("spare-1"));
        Assert.False(glob.Matches("spare-10"));
        Assert.False(glob.Matches("xrack-1"));
        Assert.True(new BoardGlob("r?ck-1").Matches("rack-1"));
    }
}
