using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Ogiri.Contracts;
using Ogiri.Pipeline.Ports;
using T = Ogiri.Contracts.TrainingTableSchema;

namespace Ogiri.Cli.Embedded;

/// <summary>
/// <c>OgiriTrainingDataTable</c> in a SQLite file, with DynamoDB's key semantics: primary key
/// (ImageKey, ExpectedResult) compared byte for byte, a put that fails when the key exists.
/// </summary>
public sealed class SqliteTrainingDataTable : ITrainingDataTable
{
    private readonly string connectionString;
    private readonly string path;

    private SqliteTrainingDataTable(string connectionString, string path)
    {
        this.connectionString = connectionString;
        this.path = path;
    }

    /// <summary>Opens (and creates when missing) the table; <see cref="StorageUnavailableException"/> when the file cannot serve as one.</summary>
    public static async Task<SqliteTrainingDataTable> OpenAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        var table = new SqliteTrainingDataTable(cs, path);
        await using var c = await table.OpenConnectionAsync(cancellationToken);
        await using var cmd = c.CreateCommand();
        // WAL lets the scan of a snapshot run beside concurrent registrations.
        cmd.CommandText = $"""
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS {T.TableName} (
              {T.ImageKey} TEXT NOT NULL,
              {T.ExpectedResult} TEXT NOT NULL,
              {T.Labels} TEXT NOT NULL,
              {T.DetectedText} TEXT NULL,
              {T.Source} TEXT NOT NULL,
              {T.SourceCsv} TEXT NOT NULL,
              {T.SourceLine} INTEGER NOT NULL,
              {T.RegisteredAt} TEXT NOT NULL,
              PRIMARY KEY ({T.ImageKey}, {T.ExpectedResult})
            ) WITHOUT ROWID;
            """;
        try
        {
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (Unusable(e))
        {
            throw new StorageUnavailableException($"the training-data table {path} cannot be used: {e.Message}", e);
        }
        return table;
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout=30000;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch (SqliteException e) when (Unusable(e))
        {
            await connection.DisposeAsync();
            throw new StorageUnavailableException($"the training-data table {path} cannot be used: {e.Message}", e);
        }
    }

    /// <summary>Runs one statement; an error that no later statement could get past becomes <see cref="StorageUnavailableException"/>.</summary>
    private async Task<TResult> RunAsync<TResult>(Func<SqliteConnection, Task<TResult>> statement, CancellationToken cancellationToken)
    {
        await using var c = await OpenConnectionAsync(cancellationToken);
        try
        {
            return await statement(c);
        }
        catch (SqliteException e) when (Unusable(e))
        {
            throw new StorageUnavailableException($"the training-data table {path} cannot be used: {e.Message}", e);
        }
    }

    // The table or the file is gone, full, read-only or damaged (SQLite's primary result codes), as opposed to
    // something about one row's values.
    private static bool Unusable(SqliteException e) =>
        (e.SqliteErrorCode & 0xFF) is 8 /* READONLY */ or 10 /* IOERR */ or 11 /* CORRUPT */ or 13 /* FULL */ or 14 /* CANTOPEN */ or 26 /* NOTADB */
        || (e.SqliteErrorCode == 1 && e.Message.Contains("no such table", StringComparison.Ordinal));

    public Task<bool> ContainsPairAsync(string imageKey, string expectedResult, CancellationToken cancellationToken) => RunAsync(async c =>
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT 1 FROM {T.TableName} WHERE {T.ImageKey}=$k AND {T.ExpectedResult}=$r";
        cmd.Parameters.AddWithValue("$k", imageKey);
        cmd.Parameters.AddWithValue("$r", expectedResult);
        return await cmd.ExecuteScalarAsync(cancellationToken) is not null;
    }, cancellationToken);

    public Task<ImageAnalysis?> FindAnalysisAsync(string imageKey, CancellationToken cancellationToken) => RunAsync(async c =>
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {T.Labels}, {T.DetectedText} FROM {T.TableName} WHERE {T.ImageKey}=$k LIMIT 1";
        cmd.Parameters.AddWithValue("$k", imageKey);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new ImageAnalysis(ParseLabels(reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetString(1));
    }, cancellationToken);

    public Task<bool> TryAddPairAsync(TrainingPair pair, CancellationToken cancellationToken) => RunAsync(async c =>
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            INSERT INTO {T.TableName} ({T.ImageKey}, {T.ExpectedResult}, {T.Labels}, {T.DetectedText}, {T.Source}, {T.SourceCsv}, {T.SourceLine}, {T.RegisteredAt})
            VALUES ($k, $r, $labels, $text, $source, $csv, $line, $at)
            ON CONFLICT DO NOTHING
            """;
        cmd.Parameters.AddWithValue("$k", pair.ImageKey);
        cmd.Parameters.AddWithValue("$r", pair.ExpectedResult);
        cmd.Parameters.AddWithValue("$labels", JsonSerializer.Serialize(pair.Analysis.Labels));
        cmd.Parameters.AddWithValue("$text", (object?)pair.Analysis.DetectedText ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$source", pair.Source);
        cmd.Parameters.AddWithValue("$csv", pair.SourceCsv);
        cmd.Parameters.AddWithValue("$line", pair.SourceLine);
        cmd.Parameters.AddWithValue("$at", pair.RegisteredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
    }, cancellationToken);

    public async IAsyncEnumerable<TrainingPair> ScanAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var c = await OpenConnectionAsync(cancellationToken);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            SELECT {T.ImageKey}, {T.ExpectedResult}, {T.Labels}, {T.DetectedText}, {T.Source}, {T.SourceCsv}, {T.SourceLine}, {T.RegisteredAt}
            FROM {T.TableName} ORDER BY {T.ImageKey}, {T.ExpectedResult}
            """;
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            yield return new TrainingPair(
                r.GetString(0), r.GetString(1),
                new ImageAnalysis(ParseLabels(r.GetString(2)), r.IsDBNull(3) ? null : r.GetString(3)),
                r.GetString(4), r.GetString(5), r.GetInt32(6),
                DateTimeOffset.Parse(r.GetString(7), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
        }
    }

    private static List<Label> ParseLabels(string json) => JsonSerializer.Deserialize<List<Label>>(json) ?? [];
}
