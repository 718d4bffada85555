using System.Globalization;
using System.Runtime.CompilerServices;
using CsvHelper;

namespace Ogiri.Pipeline.Ingestion;

/// <summary>One data record of the CSV. <paramref name="Error"/> is set when the record itself is unusable.</summary>
/// <param name="Line">The physical line the record starts on (the header is line 1).</param>
/// <param name="ByteOffset">Where the record starts in the file, for progress.</param>
public sealed record CsvRow(int Line, string ImageUrl, string ExpectedResult, string? Error, long ByteOffset = 0);

/// <summary>
/// Streams the records of an ingestion CSV: UTF-8 (BOM allowed), RFC 4180 (quoted fields may hold
/// commas, quotes and newlines), CRLF or LF, header <c>image_url,expected_result</c> (further named
/// columns are ignored; a record with more fields than the header is a row error). Memory stays flat however long the file is.
/// </summary>
public static class CsvPairReader
{
    public static readonly string[] Header = ["image_url", "expected_result"];

    /// <summary>Reads rows; throws <see cref="CsvFileException"/> before the first row when the file as a whole is unusable.</summary>
    public static async IAsyncEnumerable<CsvRow> ReadAsync(Stream csv, string name,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var malformed = new Queue<CsvRow>();
        var options = new CsvReaderOptions
        {
            HasHeader = false,
            Separator = ',',
            DetectSeparatorHint = false,
            Mode = CsvMode.Rfc4180,
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = m => malformed.Enqueue(new CsvRow((int)m.LineNumber, "", "", Describe(m.Reason), m.ByteOffset)),
        };
        await using var reader = CsvReader.Create(csv, options, leaveOpen: true);

        if (!await reader.ReadAsync(cancellationToken))
        {
            if (malformed.Count > 0) throw new CsvFileException($"{name}:1: the header row is malformed ({malformed.Peek().Error})");
            throw new CsvFileException($"{name}: is empty; expected a header row {string.Join(',', Header)}");
        }
        var header = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i).Trim().TrimStart('\uFEFF')).ToArray();
        if (reader.LineNumber != 1 || malformed.Count > 0 || header.Length < 2
            || !header[0].Equals(Header[0], StringComparison.OrdinalIgnoreCase)
            || !header[1].Equals(Header[1], StringComparison.OrdinalIgnoreCase))
        {
            throw new CsvFileException(
                $"{name}:1: wrong header '{Truncate(string.Join(',', header), 80)}'; expected {string.Join(',', Header)}");
        }

        while (await reader.ReadAsync(cancellationToken))
        {
            while (malformed.Count > 0) yield return malformed.Dequeue();
            var line = (int)reader.LineNumber;
            var offset = reader.ByteOffset;
            var fields = reader.FieldCount;
            yield return fields < 2
                ? new CsvRow(line, fields > 0 ? reader.GetString(0) : "", "",
                    $"expected 2 fields (image_url,expected_result), found {fields}", offset)
                : fields > header.Length
                    // Most often an answer with a comma, unquoted: registering its first part would be wrong.
                    ? new CsvRow(line, reader.GetString(0), reader.GetString(1),
                        $"expected {header.Length} fields ({string.Join(',', header.Select(FieldText.Excerpt))}), found {fields}; " +
                        "a field that holds a comma must be quoted (\"a, b\")", offset)
                    : new CsvRow(line, reader.GetString(0), reader.GetString(1), null, offset);
        }
        while (malformed.Count > 0) yield return malformed.Dequeue();
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "malformed quoting: a quote inside an unquoted field (RFC 4180: quote the field and double the quote)",
        CsvMalformedReason.TextAfterClosingQuote => "malformed quoting: text after a closing quote (RFC 4180: a quote inside a field is written twice)",
        CsvMalformedReason.UnterminatedQuote => "malformed quoting: a quoted field is never closed",
        _ => $"malformed record ({reason})",
    };

    private static string Truncate(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    /// <summary>Characters as a reader counts them: user-perceived characters (a family emoji is one).</summary>
    public static int TextLength(string text) => new StringInfo(text).LengthInTextElements;
}
