namespace Ogiri.Contracts;

/// <summary>
/// How long an answer (the table's sort key) may be. A user counts characters as they see them (a family emoji
/// or a letter with its accents is one); storage counts UTF-8 bytes, and DynamoDB refuses a sort key over
/// <see cref="TrainingTableSchema.MaxSortKeyBytes"/>. An answer must meet both.
/// </summary>
public static class AnswerLimits
{
    /// <summary>User-perceived characters (text elements).</summary>
    public const int MaxCharacters = 200;

    /// <summary>UTF-8 bytes: the sort key's hard bound.</summary>
    public const int MaxBytes = TrainingTableSchema.MaxSortKeyBytes;
}
