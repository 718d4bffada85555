using System.Text;
using Ogiri.Pipeline.Ingestion;

namespace Ogiri.Pipeline.Tests;

public class CsvPairReaderTests
{
    private static async Task<List<CsvRow>> Read(string text, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bom) bytes = [.. Encoding.UTF8.Preamble, .. bytes];
        var rows = new List<CsvRow>();
        await foreach (var row in CsvPairReader.ReadAsync(new MemoryStream(bytes), "pairs.csv", CancellationToken.None)) rows.Add(row);
        return rows;
    }

    [Fact]
    public async Task Reads_bom_crlf_and_quoted_newlines_with_the_line_each_record_starts_on()
    {
        var rows = await Read("image_url,expected_result\r\na.png,\"一行目\r\n二行目, まだ\"\r\n\r\nb.png,\"言った \"\"はい\"\"\"\r\n", bom: true);

        Assert.Equal(2, rows.Count);
        Assert.Equal(new CsvRow(2, "a.png", "一行目\r\n二行目, まだ", null, rows[0].ByteOffset), rows[0]);
        Assert.Equal(5, rows[1].Line);
        Assert.Equal("言った \"はい\"", rows[1].ExpectedResult);
        Assert.Null(rows[1].Error);
    }

    [Fact]
    public async Task A_malformed_or_short_record_is_a_row_error_and_the_rows_after_it_still_come()
    {
        var rows = await Read("image_url,expected_result\na.png,\"bad\"x\nb.png\nc.png,ok\n");

        Assert.Equal([2, 3, 4], rows.Select(r => r.Line));
        Assert.Contains("quot", rows[0].Error, StringComparison.Ordinal);
        Assert.Contains("expected 2 fields", rows[1].Error, StringComparison.Ordinal);
        Assert.Null(rows[2].Error);
        Assert.Equal("ok", rows[2].ExpectedResult);
    }

    [Theory]
    [InlineData("", "pairs.csv: is empty")]
    [InlineData("url,answer\na.png,x\n", "pairs.csv:1: wrong header 'url,answer'")]
    [InlineData("image_url\n", "pairs.csv:1: wrong header 'image_url'")]
    public async Task File_level_problems_throw_before_any_row(string text, string expected)
    {
        var e = await Assert.ThrowsAsync<CsvFileException>(() => Read(text));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extra_columns_are_ignored_and_header_case_does_not_matter()
    {
        var rows = await Read("Image_URL,Expected_Result,note\na.png,x,whatever\n");
        Assert.Equal(("a.png", "x"), (rows.Single().ImageUrl, rows.Single().ExpectedResult));
    }
}

public class CsvExtraFieldTests
{
    [Fact]
    public async Task A_record_with_more_fields_than_the_header_is_a_row_error_not_its_first_answer()
    {
        var rows = new List<CsvRow>();
        var csv = "image_url,expected_result\nimg.png,a,b,c\nimg.png,\"a,b,c\"\n"u8.ToArray();
        await foreach (var row in CsvPairReader.ReadAsync(new MemoryStream(csv), "pairs.csv", CancellationToken.None)) rows.Add(row);

        Assert.Equal("expected 2 fields (image_url,expected_result), found 4; a field that holds a comma must be quoted (\"a, b\")", rows[0].Error);
        Assert.Null(rows[1].Error);
        Assert.Equal("a,b,c", rows[1].ExpectedResult);
    }
}
