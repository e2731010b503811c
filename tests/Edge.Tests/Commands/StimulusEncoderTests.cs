using Edge.Host.Cli;
using Edge.Host.Stimuli;
using Xunit;

namespace Edge.Tests.Commands;

public class StimulusEncoderTests
{
    [Fact]
    public void FeaturesScaleToFullScaleInExactUInt16Steps()
    {
        var encoder = new StimulusEncoder(channels: 6, features: 4, fullScaleMicrovolts: 3_300_000);
        Assert.Equal(51, encoder.StepMicrovolts); // ceil(3.3 V / 65535)
        var uv = new int[6];
        encoder.Encode([0f, 1f, 0.5f, float.NaN], uv);
        Assert.Equal(0, uv[0]);
        Assert.Equal(64706 * 51, uv[1]); // round(3.3e6 / 51) steps, within one step of full scale
        Assert.InRange(uv[1], 3_300_000 - 51, 3_300_000 + 51);
        Assert.Equal(32353 * 51, uv[2]);
        Assert.Equal(0, uv[3]);            // NaN reads as 0 V
        Assert.Equal([0, 0], uv[4..]);     // channels beyond the data set's features stay at 0 V
        encoder.Encode([-3f, 7f, 0f, 0f], uv);
        Assert.Equal([0, 64706 * 51], uv[..2]); // clamped to [0, 1]
        Assert.All(uv, v => Assert.Equal(0, v % encoder.StepMicrovolts));
    }

    [Fact]
    public void MoreFeaturesThanChannelsIsAClearError()
    {
        var e = Assert.Throws<CliException>(() => new StimulusEncoder(64, 196, 3_300_000));
        Assert.Equal("the data set has 196 features but the board has only 64 input channels", e.Message);
    }
}
