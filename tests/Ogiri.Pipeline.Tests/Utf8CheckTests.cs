using System.Text;
using Ogiri.Pipeline.Ingestion;

namespace Ogiri.Pipeline.Tests;

public class Utf8CheckTests
{
    [Fact]
    public async Task Names_line_and_column_of_the_first_byte_that_is_not_utf8()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("image_url,expected_result\na.png,あい"), 0x93, .. "\n"u8];
        var e = await Assert.ThrowsAsync<CsvFileException>(() =>
            Utf8Check.EnsureValidAsync(new MemoryStream(bytes), "sjis.csv", CancellationToken.None));
        Assert.StartsWith("sjis.csv:2:9: not valid UTF-8 (byte 0x93", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shift_jis_text_is_refused()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("shift_jis").GetBytes("image_url,expected_result\na.png,猫が寝ている\n");
        var e = await Assert.ThrowsAsync<CsvFileException>(() =>
            Utf8Check.EnsureValidAsync(new MemoryStream(bytes), "sjis.csv", CancellationToken.None));
        Assert.Contains("sjis.csv:2:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Utf16_is_named_as_such()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("image_url,expected_result\n")).ToArray();
        var e = await Assert.ThrowsAsync<CsvFileException>(() =>
            Utf8Check.EnsureValidAsync(new MemoryStream(bytes), "u16.csv", CancellationToken.None));
        Assert.Contains("UTF-16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Multibyte_characters_split_across_buffer_boundaries_are_valid()
    {
        var text = "image_url,expected_result\n" + string.Concat(Enumerable.Repeat("a.png,日本語の答え🐱\n", 20000));
        await Utf8Check.EnsureValidAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "big.csv", CancellationToken.None);
    }
}
