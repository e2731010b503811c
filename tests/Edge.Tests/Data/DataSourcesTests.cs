using Edge.Host.Data;
using Xunit;

namespace Edge.Tests.Data;

public class DataSourcesTests
{
    [Fact]
    public void Unknown_spec_lists_the_valid_ones()
    {
        var e = Assert.Throws<DataException>(() => DataSources.Load("mnist"));
        Assert.Contains("'mnist'", e.Message);
        Assert.Contains("digits, fashion14, csv:PATH", e.Message);
    }

    [Fact]
    public void Csv_spec_needs_a_path()
    {
        Assert.Throws<DataException>(() => DataSources.Load("csv:"));
    }

    [Fact]
    public void Digits_spec_loads_the_embedded_set()
    {
        Assert.Equal(1797, DataSources.Load("digits").TrainCount + 500);
    }
}
