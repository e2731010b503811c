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
        var catalog = CommandCatalog.WithPlaceholders([new BenchKernelsCommand(), new BenchStepCommand()]);
        int code = new CliApp(catalog, stdout, stderr).Run(args);
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
        // exact bytes of the AP learner: int32 masters (and their pending mini-batch) by default,
        // packed 4-bit low bits with --extra-bits 4
        Assert.Equal(25520, nets[0].GetProperty("state_bytes").GetInt32());
        Assert.Equal(7125, nets[0].GetProperty("state_bytes_extra_bits_4").GetInt32());
        Assert.Equal(195320, json.GetProperty("state_bytes").GetInt32());
        Assert.Equal(69549, json.GetProperty("state_bytes_extra_bits_4").GetInt32());
        Assert.Equal(2368, nets[0].GetProperty("macs_per_inference").GetInt64());
        Assert.Equal(2 * 2368 + 4 * 320, nets[0].GetProperty("macs_per_ap_step").GetInt64());
        Assert.Equal(2 * 26368 + 8 * 1280, json.GetProperty("macs_per_ap_step").GetInt64());
    }

    [Fact]
    public void MacsPerApStep_CountsPerturbedPassesThroughTheLayersAboveEachHiddenLayer()
    {
        // 10-8-6-4: forward 80 + 48 + 24 = 152; hidden 0 perturbs through 8·6 + 6·4, hidden 1 through 6·4
        Assert.Equal(152, StepBenchmark.MacsPerInference([10, 8, 6, 4]));
        Assert.Equal(152 + 2 * 3 * (72 + 24) + 152, StepBenchmark.MacsPerApStep([10, 8, 6, 4], 2, 3));
    }
}
