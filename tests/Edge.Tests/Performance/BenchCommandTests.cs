using System.Text.Json;
using Edge.Host.Cli;
using Edge.Host.Commands;
using Edge.Host.Perf;

namespace Edge.Tests.Performance;

/// <summary>`edge bench kernels` and `edge bench step` run end to end and report what scripts read.</summary>
public class BenchCommandTests
{
    private static JsonElement RunJson(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = new CliApp([new BenchKernelsCommand(), new BenchStepCommand()], stdout, stderr).Run(args);
        Assert.True(code == 0, stderr.ToString());
        return JsonDocument.Parse(stdout.ToString()).RootElement;
    }

    [Fact]
    public void BenchKernels_ReportsRatesAndRatiosPerShape()
    {
        JsonElement json = RunJson("bench", "kernels", "--json", "--seconds", "0.01");
        Assert.Equal("196x128", json.GetProperty("shape").GetString());
        Assert.True(json.GetProperty("fixed_macs_per_second").GetDouble() > 0);
        Assert.True(json.GetProperty("float_macs_per_second").GetDouble() > 0);
        Assert.True(json.GetProperty("ratio").GetDouble() > 0);
        string[] shapes = json.GetProperty("shapes").EnumerateArray().Select(s => s.GetProperty("shape").GetString()!).ToArray();
        Assert.Equal(["64x32", "196x128", "512x512"], shapes);
        foreach (JsonElement shape in json.GetProperty("shapes").EnumerateArray())
        {
            double expected = shape.GetProperty("fixed_macs_per_second").GetDouble() / shape.GetProperty("float_macs_per_second").GetDouble();
            Assert.InRange(shape.GetProperty("ratio").GetDouble(), expected * 0.99 - 0.001, expected * 1.01 + 0.001);
            Assert.True(shape.GetProperty("portable_macs_per_second").GetDouble() > 0);
        }
    }

    [Fact]
    public void BenchStep_ReportsTheFashionNetOnTopAndBothNets_WithExactStateBytesAndMacs()
    {
        JsonElement json = RunJson("bench", "step", "--json", "--seconds", "0.01");
        Assert.Equal("196-128-10", json.GetProperty("arch").GetString());
        Assert.True(json.GetProperty("forward_seconds").GetDouble() > 0);
        Assert.True(json.GetProperty("step_over_forward").GetDouble() > 0);
        // the fastest runs: a preempted run (this test shares the machine with the rest of the suite) cannot make them lie
        Assert.True(json.GetProperty("best_step_over_forward").GetDouble() > 1, "a training step includes a forward pass");
        Assert.True(json.GetProperty("wp_step_over_forward").GetDouble() > 1);
        JsonElement[] nets = json.GetProperty("nets").EnumerateArray().ToArray();
        Assert.Equal("64-32-10", nets[0].GetProperty("arch").GetString());
        // exact bytes of the default AP learner: int32 masters (and their pending mini-batch) and step control,
        // packed 4-bit low bits with --extra-bits 4 (under 8 KB for 64-32-10)
        Assert.Equal(26104, nets[0].GetProperty("state_bytes").GetInt32());
        Assert.Equal(7709, nets[0].GetProperty("state_bytes_extra_bits_4").GetInt32());
        Assert.Equal(197248, json.GetProperty("state_bytes").GetInt32());
        Assert.Equal(71477, json.GetProperty("state_bytes_extra_bits_4").GetInt32());
        Assert.Equal(2368, nets[0].GetProperty("macs_per_inference").GetInt64());
        // counted by the learner: the clean pass and the updates (two passes' worth), at most one head pass of
        // column products, and step control's squares and scales
        foreach (var (net, forward, columns, units, inputs) in new[] { (nets[0], 2368, 320, 42, 96), (json, 26368, 1280, 138, 324) })
            Assert.InRange(net.GetProperty("macs_per_ap_step").GetDouble(), 2 * forward, 2 * forward + columns + 2 * units + inputs);
    }

}
