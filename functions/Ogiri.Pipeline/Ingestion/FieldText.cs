using System.Globalization;

namespace Ogiri.Pipeline.Ingestion;

/// <summary>How a CSV field is quoted in a reason, and which characters no field may hold.</summary>
public static class FieldText
{
    /// <summary>Characters of a field quoted in a reason; a reason never repeats a multi-megabyte field.</summary>
    public const int ExcerptLength = 80;

    /// <summary>The field as a reason shows it: at most <see cref="ExcerptLength"/> characters, control characters as U+XXXX.</summary>
    public static string Excerpt(string field)
    {
        var cut = field.Length > ExcerptLength;
        var head = cut ? field[..ExcerptLength] : field;
        if (cut && char.IsHighSurrogate(head[^1])) head = head[..^1];
        var shown = string.Concat(head.Select(c => char.IsControl(c) ? $"<U+{(int)c:X4}>" : c.ToString()));
        return cut ? $"{shown}… ({field.Length} characters)" : shown;
    }

    /// <summary>
    /// The first control character (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) and where it is, or null.
    /// <paramref name="allowLineBreaks"/> lets tab, CR and LF through (an answer may span lines).
    /// </summary>
    public static string? ControlCharacter(string field, bool allowLineBreaks)
    {
        for (var i = 0; i < field.Length; i++)
        {
            var c = field[i];
            if (!char.IsControl(c) || (allowLineBreaks && c is '\t' or '\r' or '\n')) continue;
            return string.Create(CultureInfo.InvariantCulture, $"control character U+{(int)c:X4} at character {i + 1}");
        }
        return null;
    }
}
