using System.Text.Json;
using Edge.Host.Cli;
using Xunit;

namespace Edge.Tests.Cli;

public class CommandResultTests
{
    [Fact]
    public void Json_keeps_order_names_and_number_types()
    {
        var result = new CommandResult
        {
            { "zeta_first", 1 },
            { "accuracy", 0.9625 },
            { "samples_seen", 123456789012L },
            { "loss", float.NaN },
            { "ok", true },
            { "nested", new CommandResult { { "serial", "A1" } } },
        };
        string json = result.ToJson();
        Assert.Equal("{\"zeta_first\":1,\"accuracy\":0.9625,\"samples_seen\":123456789012,\"loss\":null,\"ok\":true,\"nested\":{\"serial\":\"A1\"}}", json);
    }

    [Fact]
    public void A_table_is_an_array_of_objects_in_json_and_aligned_columns_in_text()
    {
        var table = new ResultTable("epoch", "accuracy").AddRow(1, 0.5).AddRow(10, 0.96125);
        var result = new CommandResult { { "model", "64-32-10" }, { "epochs", table } };

        using var json = JsonDocument.Parse(result.ToJson());
        JsonElement rows = json.RootElement.GetProperty("epochs");
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal(10, rows[1].GetProperty("epoch").GetInt32());
        Assert.Equal(0.96125, rows[1].GetProperty("accuracy").GetDouble());

        Assert.Equal(
            "model: 64-32-10\n" +
            "epochs:\n" +
            "  epoch  accuracy\n" +
            "      1       0.5\n" +
            "     10   0.96125\n",
            result.ToText());
    }

    [Fact]
    public void Duplicate_fields_and_ragged_rows_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new CommandResult { { "a", 1 }, { "a", 2 } });
        Assert.Throws<ArgumentException>(() => new ResultTable("a", "b").AddRow(1));
    }
}
