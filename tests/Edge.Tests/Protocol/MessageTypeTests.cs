using Xunit;
using System.Reflection;
using Edge.Core.Protocol;

namespace Edge.Tests.Protocol;

public class MessageTypeTests
{
    private static List<(string Name, byte Value)> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(byte))
            .Select(f => (f.Name, (byte)f.GetRawConstantValue()!)).ToList();

    [Fact]
    public void RequestsAreDistinctAndTheirResponsesCollideWithNothing()
    {
        var requests = Constants(typeof(MessageType))
            .Where(c => c.Name is not ("ResponseFlag" or "Error" or "LastRequest")).ToList();
        Assert.Equal(20, requests.Count);
        Assert.Equal(requests.Count, requests.Select(r => r.Value).Distinct().Count());
        foreach (var (name, value) in requests)
        {
            Assert.True(MessageType.IsKnownRequest(value), name);
            Assert.False(MessageType.IsResponse(value), name);
            byte response = MessageType.ResponseTo(value);
            Assert.True(MessageType.IsResponse(response));
            Assert.NotEqual(MessageType.Error, response);
            Assert.Equal(value, MessageType.RequestOf(response));
            Assert.DoesNotContain("0x", MessageType.Name(value));
            Assert.EndsWith(" response", MessageType.Name(response));
        }
        Assert.True(MessageType.IsResponse(MessageType.Error));
        Assert.False(MessageType.IsKnownRequest(0));
        Assert.False(MessageType.IsKnownRequest(0x7F));
        Assert.Equal("TRAIN_SOFT_BATCH", MessageType.Name(MessageType.TrainSoftBatch));
        Assert.Equal("ERROR", MessageType.Name(MessageType.Error));
        Assert.Equal("0x5A", MessageType.Name(0x5A));
    }

    [Fact]
    public void ErrorCodesAreDistinctAndNamed()
    {
        var codes = Constants(typeof(ErrorCode));
        Assert.Equal(codes.Count, codes.Select(c => c.Value).Distinct().Count());
        foreach (var (name, value) in codes)
            Assert.Equal(string.Concat(name.Select((ch, i) => i > 0 && char.IsUpper(ch) ? "_" + ch : ch.ToString())).ToUpperInvariant(),
                         ErrorCode.Name(value));
        Assert.Equal("0x99", ErrorCode.Name(0x99));
        Assert.Equal(ErrorCode.Oversize, ErrorCode.ForFrameStatus(FrameStatus.Oversize));
        Assert.Equal(ErrorCode.BadCobs, ErrorCode.ForFrameStatus(FrameStatus.BadCobs));
        Assert.Equal(ErrorCode.Truncated, ErrorCode.ForFrameStatus(FrameStatus.Truncated));
        Assert.Equal(ErrorCode.None, ErrorCode.ForFrameStatus(FrameStatus.Ok));
    }

    [Fact]
    public void LimitsFitA196ChannelInt32StimulusAndAgreeWithCobs()
    {
        Assert.True(FrameLimits.MaxBody >= 196 * 4 + 64);
        Assert.Equal(FrameLimits.MaxEncodedPayload, Cobs.MaxEncodedLength(FrameLimits.MaxPayload));
        Assert.Equal(FrameLimits.MaxFrame, FrameWriter.MaxFrameLength(FrameLimits.MaxBody));
    }
}
