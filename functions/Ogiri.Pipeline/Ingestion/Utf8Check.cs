using System.Buffers;
using System.Text;

namespace Ogiri.Pipeline.Ingestion;

/// <summary>
/// A streaming pass over the CSV's bytes before any row is registered, so that a file that is not
/// UTF-8 registers nothing and the error says where (line and column of the first bad byte).
/// </summary>
internal static class Utf8Check
{
    public static async Task EnsureValidAsync(Stream stream, string name, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var chars = ArrayPool<char>.Shared.Rent(64 * 1024);
        try
        {
            int carried = 0, line = 1, column = 1;
            long total = 0;
            var first = true;
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(carried, buffer.Length - carried), cancellationToken);
                var available = carried + read;
                var final = read == 0;
                if (available == 0) break;
                var span = buffer.AsSpan(0, available);
                if (first)
                {
                    first = false;
                    if (span.StartsWith((byte[])[0xFF, 0xFE]) || span.StartsWith((byte[])[0xFE, 0xFF]))
                        throw new CsvFileException($"{name}: is UTF-16, not UTF-8; save it as UTF-8");
                }
                var status = System.Text.Unicode.Utf8.ToUtf16(span, chars, out var bytesRead, out var charsWritten,
                    replaceInvalidSequences: false, isFinalBlock: final);
                foreach (var c in chars.AsSpan(0, charsWritten))
                {
                    if (c == '\n') { line++; column = 1; }
                    else if (!char.IsLowSurrogate(c)) column++;
                }
                total += bytesRead;
                if (status == System.Buffers.OperationStatus.InvalidData)
                {
                    throw new CsvFileException(
                        $"{name}:{line}:{column}: not valid UTF-8 (byte 0x{span[bytesRead]:X2} at offset {total}); save the file as UTF-8");
                }
                carried = available - bytesRead;
                span[bytesRead..].CopyTo(buffer);
                if (final) break;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    public static readonly Encoding Strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
