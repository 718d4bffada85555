using System.Collections.Concurrent;
using System.Text;
using Ogiri.Contracts;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Pipeline.Ingestion;

/// <summary>Settings of one registration run.</summary>
/// <param name="BaseDirectory">Folder that relative image paths resolve against (local mode); null in the cloud.</param>
/// <param name="Concurrency">Rows in flight at once: fetching is network-bound, so far more than cores.</param>
/// <param name="ResumeAfterLine">Rows starting on this line or before were handled by an earlier run and are skipped.</param>
/// <param name="BatchRows">Rows registered between two calls of the pause check, when there is one.</param>
public sealed record RegistrationOptions(
    string? BaseDirectory = null,
    int Concurrency = 16,
    int MaxAnswerLength = AnswerLimits.MaxCharacters,
    int MaxAnswerBytes = AnswerLimits.MaxBytes,
    ImageLimits? ImageLimits = null,
    int ResumeAfterLine = 0,
    int BatchRows = 64)
{
    public ImageLimits Limits => ImageLimits ?? new ImageLimits();
}

/// <summary>A run's report; <paramref name="PausedAfterLine"/> is set when it stopped early and where to resume.</summary>
public sealed record RegistrationRun(IngestionReport Report, int? PausedAfterLine);

/// <summary>
/// The run stopped because the store or the table became unusable (<see cref="StorageUnavailableException"/>).
/// <paramref name="Report"/> holds every row that finished before; the message says why, in one line.
/// </summary>
public sealed class RegistrationStoppedException(string message, IngestionReport report, Exception inner) : Exception(message, inner)
{
    public IngestionReport Report { get; } = report;
}

/// <summary>Progress of a run: bytes of the CSV consumed and rows finished so far.</summary>
public sealed record RegistrationProgress(long CsvBytesRead, long CsvBytesTotal, int RowsDone);

/// <summary>
/// The first half of the pipeline: every row of a CSV becomes a registered (image, answer) pair, a
/// duplicate, or a failure with its line and reason. Images are fetched, inspected, stored under a
/// content key and analysed at most once; a bad row never stops the others.
/// </summary>
public sealed class PairRegistration(
    IObjectStore store,
    ITrainingDataTable table,
    IImageAnalyser analyser,
    IImageSource images,
    TimeProvider clock)
{
    private readonly IObjectStore store = store;
    private readonly ITrainingDataTable table = table;
    private readonly IImageAnalyser analyser = analyser;
    private readonly IImageSource images = images;
    private readonly TimeProvider clock = clock;

    /// <summary>Registers a CSV. <paramref name="openCsv"/> is called twice: once to check the encoding, once to read rows.</summary>
    public async Task<IngestionReport> RegisterAsync(
        Func<CancellationToken, Task<Stream>> openCsv,
        string csvKey,
        RegistrationOptions options,
        IProgress<RegistrationProgress>? progress,
        CancellationToken cancellationToken) =>
        (await RegisterUntilAsync(openCsv, csvKey, options, progress, shouldPause: null, cancellationToken)).Report;

    /// <summary>
    /// Registers a CSV from <see cref="RegistrationOptions.ResumeAfterLine"/> on. With <paramref name="shouldPause"/>,
    /// rows go in batches of <see cref="RegistrationOptions.BatchRows"/> and the run stops after the first batch
    /// that ends with the check saying so; every batch finishes whole, so the pause point is exact.
    /// </summary>
    public async Task<RegistrationRun> RegisterUntilAsync(
        Func<CancellationToken, Task<Stream>> openCsv,
        string csvKey,
        RegistrationOptions options,
        IProgress<RegistrationProgress>? progress,
        Func<bool>? shouldPause,
        CancellationToken cancellationToken)
    {
        await using (var check = await openCsv(cancellationToken))
        {
            await Utf8Check.EnsureValidAsync(check, csvKey, cancellationToken);
        }

        await using var csv = await openCsv(cancellationToken);
        var total = csv.CanSeek ? csv.Length : -1;
        var run = new Run(this, csvKey, options);
        var rows = CsvPairReader.ReadAsync(csv, csvKey, cancellationToken);

        // Header problems throw here, before any row is touched.
        await using var enumerator = rows.GetAsyncEnumerator(cancellationToken);
        var pending = new PendingRows(enumerator, options.ResumeAfterLine);
        var batchRows = shouldPause is null ? int.MaxValue : Math.Max(1, options.BatchRows);
        try
        {
            return await RegisterRowsAsync(pending, batchRows, run, total, progress, shouldPause, options, cancellationToken);
        }
        catch (Exception) when (run.Stopped is { } e)
        {
            throw new RegistrationStoppedException(
                $"registration stopped after {run.RowsDone} rows: {OneLine(e.Message)}", run.ToReport(), e);
        }
    }

    private static async Task<RegistrationRun> RegisterRowsAsync(PendingRows pending, int batchRows, Run run, long total,
        IProgress<RegistrationProgress>? progress, Func<bool>? shouldPause, RegistrationOptions options, CancellationToken cancellationToken)
    {
        long position = 0;
        while (await pending.HasMoreAsync())
        {
            await Parallel.ForEachAsync(
                pending.TakeAsync(batchRows),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = cancellationToken },
                async (row, ct) =>
                {
                    await run.ProcessAsync(row, ct);
                    var at = Math.Max(Interlocked.Read(ref position), row.ByteOffset);
                    Interlocked.Exchange(ref position, at);
                    progress?.Report(new RegistrationProgress(at, total, run.RowsDone));
                });
            if (shouldPause is not null && shouldPause() && await pending.HasMoreAsync())
                return new RegistrationRun(run.ToReport(), pending.LastLineTaken);
        }
        return new RegistrationRun(run.ToReport(), null);
    }

    /// <summary>The rows still to register, skipping those an earlier run handled, handed out in batches.</summary>
    private sealed class PendingRows(IAsyncEnumerator<CsvRow> rows, int resumeAfterLine)
    {
        private readonly int skipThrough = resumeAfterLine;
        private bool? hasCurrent;

        public int LastLineTaken { get; private set; } = resumeAfterLine;

        public async ValueTask<bool> HasMoreAsync()
        {
            if (hasCurrent is null)
            {
                do
                {
                    hasCurrent = await rows.MoveNextAsync();
                } while (hasCurrent == true && rows.Current.Line <= skipThrough);
            }
            return hasCurrent.Value;
        }

        public async IAsyncEnumerable<CsvRow> TakeAsync(int count)
        {
            for (var taken = 0; taken < count && await HasMoreAsync(); taken++)
            {
                var row = rows.Current;
                hasCurrent = null;
                LastLineTaken = row.Line;
                yield return row;
            }
        }
    }

    /// <summary>
    /// The state of one run: counters, failures and the per-image analysis coalescing. Nothing in it grows
    /// with the number of rows except the failures, so a CSV of any length streams through in flat memory.
    /// </summary>
    private sealed class Run(PairRegistration owner, string csvKey, RegistrationOptions options)
    {
        private readonly ConcurrentBag<RowFailure> failures = [];
        private readonly ConcurrentDictionary<string, Lazy<Task<ImageAnalysis>>> analyses = new(StringComparer.Ordinal);
        private int rows, registered, duplicates, analysesRun, rowsDone;

        private StorageUnavailableException? stopped;

        public int RowsDone => Volatile.Read(ref rowsDone);

        /// <summary>Set when a row found the store or the table unusable: the run stops.</summary>
        public StorageUnavailableException? Stopped => Volatile.Read(ref stopped);

        /// <summary>
        /// Ends the row as registered, duplicate or failed with a reason, whatever its image source, decoder,
        /// analyser or table throws. Only a cancelled run and an unusable store or table (which no later row
        /// could get past) leave here as exceptions.
        /// </summary>
        public async Task ProcessAsync(CsvRow row, CancellationToken cancellationToken)
        {
            var stage = new RowStage();
            try
            {
                var outcome = await RegisterRowAsync(row, stage, cancellationToken);
                Interlocked.Increment(ref outcome ? ref registered : ref duplicates);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (StorageUnavailableException e)
            {
                Interlocked.CompareExchange(ref stopped, e, null);
                throw;
            }
            catch (Exception e) when (e is ImageRejectedException or RowRejectedException or PairRejectedException)
            {
                Fail(row, e.Message);
            }
            catch (Exception e)
            {
                // Anything else is still about this row (a picture the OCR cannot take, a file system error, an
                // item the cloud table refuses): its reason names the step and the error, and the run goes on.
                Fail(row, $"{stage.Name} failed: {e.Message}");
            }
            Interlocked.Increment(ref rows);
            Interlocked.Increment(ref rowsDone);
        }

        private void Fail(CsvRow row, string reason) => failures.Add(new RowFailure(row.Line, Reason(reason)));

        /// <summary>True when the pair was added, false when it was already there.</summary>
        private async Task<bool> RegisterRowAsync(CsvRow row, RowStage stage, CancellationToken cancellationToken)
        {
            stage.Name = "reading the row";
            if (row.Error is not null) throw new RowRejectedException(row.Error);
            var answer = NormaliseAnswer(row.ExpectedResult);
            var reference = ImageReference.TryParse(row.ImageUrl, options.BaseDirectory, out var reason)
                ?? throw new RowRejectedException(reason);
            if (!owner.images.Supports(reference.Kind))
                throw new RowRejectedException($"image_url '{FieldText.Excerpt(reference.Raw)}': {KindName(reference.Kind)} cannot be fetched here");

            var limits = options.Limits;
            stage.Name = "fetching the image";
            var bytes = await owner.images.FetchAsync(reference, limits.MaxBytes, cancellationToken);
            stage.Name = "checking the image";
            var info = ImageInspector.Inspect(bytes, limits);
            var imageKey = ImageKeys.For(bytes, info.Extension);

            stage.Name = "looking the pair up in the table";
            if (await owner.table.ContainsPairAsync(imageKey, answer, cancellationToken)) return false;

            var stored = new StoredImage(imageKey, BucketLayout.Image(imageKey), bytes, info);
            var pending = analyses.GetOrAdd(imageKey,
                _ => new Lazy<Task<ImageAnalysis>>(() => AnalyseOnceAsync(stored, cancellationToken)));
            stage.Name = "analysing the image";
            Task<ImageAnalysis> analysing;
            try
            {
                analysing = pending.Value;
                await analysing;
            }
            catch
            {
                // A failed analysis is not kept for later rows of the same image: each tries again.
                analyses.TryRemove(new KeyValuePair<string, Lazy<Task<ImageAnalysis>>>(imageKey, pending));
                throw;
            }
            var analysis = await analysing;

            stage.Name = "adding the pair to the table";
            var pair = new TrainingPair(imageKey, answer, analysis, reference.Raw, csvKey, row.Line, owner.clock.GetUtcNow());
            var added = await owner.table.TryAddPairAsync(pair, cancellationToken);
            // The table now holds a pair with this analysis, where FindAnalysisAsync finds it for any later row of
            // the same image: the in-run entry has done its job (coalescing rows in flight at once). Dropping it
            // keeps memory flat however many different images a CSV names.
            analyses.TryRemove(new KeyValuePair<string, Lazy<Task<ImageAnalysis>>>(imageKey, pending));
            return added;
        }

        /// <summary>Reuses the analysis of an image seen before; otherwise stores the image and analyses it.</summary>
        private async Task<ImageAnalysis> AnalyseOnceAsync(StoredImage image, CancellationToken cancellationToken)
        {
            var known = await owner.table.FindAnalysisAsync(image.ImageKey, cancellationToken);
            if (known is not null) return known;
            if (!await owner.store.ExistsAsync(image.ObjectKey, cancellationToken))
                await owner.store.PutAsync(image.ObjectKey, image.Content, image.Info.ContentType, cancellationToken);
            var analysis = await owner.analyser.AnalyseAsync(image, cancellationToken);
            Interlocked.Increment(ref analysesRun);
            return analysis;
        }

        /// <summary>
        /// The answer as stored: trimmed and NFC. Refused when empty, when it holds a control character (line
        /// breaks and tabs aside), or when it is longer than the limit in characters as a reader counts them or in
        /// UTF-8 bytes as the table stores them (one "character" can be a letter with thousands of combining marks).
        /// </summary>
        private string NormaliseAnswer(string raw)
        {
            if (FieldText.ControlCharacter(raw, allowLineBreaks: true) is { } control)
                throw new RowRejectedException($"expected_result '{FieldText.Excerpt(raw)}' holds a {control}");
            var answer = raw.Trim().Normalize(NormalizationForm.FormC);
            if (answer.Length == 0) throw new RowRejectedException("expected_result is empty");
            var bytes = Encoding.UTF8.GetByteCount(answer);
            if (bytes > options.MaxAnswerBytes)
                throw new RowRejectedException(
                    $"expected_result '{FieldText.Excerpt(answer)}' is {bytes} bytes of UTF-8; the limit is {options.MaxAnswerBytes} (answers are never cut)");
            var length = CsvPairReader.TextLength(answer);
            if (length > options.MaxAnswerLength)
                throw new RowRejectedException(
                    $"expected_result '{FieldText.Excerpt(answer)}' is {length} characters; the limit is {options.MaxAnswerLength} (answers are never cut)");
            return answer;
        }

        private static string KindName(ImageReferenceKind kind) => kind switch
        {
            ImageReferenceKind.File => "a file path",
            ImageReferenceKind.S3 => "an s3:// URI",
            _ => "an http(s) URL",
        };

        public IngestionReport ToReport() => new(csvKey, rows, registered, duplicates, analysesRun,
            [.. failures.OrderBy(f => f.Line)]);
    }

    private sealed class RowRejectedException(string message) : Exception(message);

    /// <summary>The step a row is at, for the reason of an unexpected error.</summary>
    private sealed class RowStage
    {
        public string Name { get; set; } = "reading the row";
    }

    /// <summary>Longest reason kept; a message that quotes a huge field in full is cut here at the latest.</summary>
    private const int MaxReasonLength = 500;

    private static string Reason(string message)
    {
        var line = OneLine(message);
        return line.Length <= MaxReasonLength ? line : string.Concat(line.AsSpan(0, MaxReasonLength), "…");
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
