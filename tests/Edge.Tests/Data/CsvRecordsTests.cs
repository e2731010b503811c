using Edge.Host.Data;
using Xunit;

namespace Edge.Tests.Data;

/// <summary>RFC 4180 fields (quoted commas, doubled quotes, line breaks in quotes) and errors that name their line.</summary>
public class CsvRecordsTests
{
    private static List<CsvRecords.Record> Read(string text, int max = 1000) =>
        CsvRecords.Read(new StringReader(text), max, (line, problem) => new DataException($"line {line}: {problem}")).ToList();

    [Fact]
    public void QuotedFieldsKeepCommasQuotesAndLineBreaks()
    {
        var records = Read("1, 2 ,\"a,b\"\r\n3,4,\"say \"\"hi\"\"\"\n\n5,6,\"two\nlines\"\n7,8,\"\"\n");
        Assert.Equal([1, 2, 4, 6], records.Select(r => r.Line));
        Assert.Equal(["1", "2", "a,b"], records[0].Fields);
        Assert.Equal(["3", "4", "say \"hi\""], records[1].Fields);
        Assert.Equal(["5", "6", "two\nlines"], records[2].Fields);
        Assert.Equal(["7", "8", ""], records[3].Fields);
    }

    [Fact]
    public void ALastRecordWithoutLineEndIsRead()
    {
        Assert.Equal(["a", "b"], Read("x,y\na,b").Last().Fields);
    }

    [Theory]
    [InlineData("1,2,a\n3,4,\"open\n5,6,b\n", "line 2: a quoted field is never closed")]
    [InlineData("1,2,a\n3,4,b\n5,\"6\"x,b\n", "line 3: 'x' after the closing quote of field 2")]
    [InlineData("1,2,a\n3,4,b\n5,6,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n", "line 3: record longer than 20 characters")]
    public void ErrorsNameTheirLine(string text, string expected)
    {
        var error = Assert.Throws<DataException>(() => Read(text, max: 20));
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void CsvDataReadsQuotedCommaLabelsAsOneColumn()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("quoted.csv", "x,y,label\n1,2,\"cat, small\"\n3,4,\"dog, big\"\n5,6,\"cat, small\"\n7,8,\"dog, big\"\n");
        Dataset data = CsvData.Load(path);
        Assert.Equal(2, data.FeatureCount);
        Assert.Equal(["cat, small", "dog, big"], data.ClassNames!);
    }

    [Fact]
    public void CsvDataNamesTheFileAndLineOfABadRecord()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("bad.csv", "1,2,a\n3,4,b\n\"5,6,a\n");
        var error = Assert.Throws<DataException>(() => CsvData.Load(path));
        Assert.Equal("bad.csv, line 3: a quoted field is never closed (a \" is missing)", error.Message);
    }
}
