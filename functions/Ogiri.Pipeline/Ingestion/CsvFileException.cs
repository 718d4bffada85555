namespace Ogiri.Pipeline.Ingestion;

/// <summary>The CSV as a whole cannot be used (missing, empty, wrong header, not UTF-8). Nothing is registered.</summary>
public sealed class CsvFileException : Exception
{
    public CsvFileException(string message) : base(message) { }
    public CsvFileException(string message, Exception inner) : base(message, inner) { }
    public CsvFileException() { }
}
