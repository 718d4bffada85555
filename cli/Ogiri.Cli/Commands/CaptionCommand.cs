using System.Text.Json;
using Ogiri.Cli.Embedded;
using Ogiri.Pipeline;
using Ogiri.Pipeline.Ports;
using Ogiri.Serving;
using AnswerOptions = Ogiri.Trainer.Inference.AnswerOptions;

namespace Ogiri.Cli.Commands;

public sealed record CaptionCommandRequest(string ImagePath, string? Home, int Count, bool Json, int? Seed, double Temperature, double TopP);

/// <summary>
/// <c>ogiri caption</c>: answers for one image without a server. The image is analysed as in training
/// (colour labels, text by Tesseract), so the model sees the same kind of conditions it learnt from.
/// </summary>
public sealed class CaptionCommand(ConsoleIo io)
{
    public async Task<int> RunAsync(CaptionCommandRequest request, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            // As registration reads a file: a FIFO or device given as the image fails at once instead of blocking.
            bytes = await FileImageSource.ReadAsync(Path.GetFullPath(request.ImagePath), request.ImagePath, new ImageLimits().MaxBytes, cancellationToken);
            ImageInspector.Inspect(bytes, new ImageLimits());
        }
        catch (ImageRejectedException e)
        {
            await io.Error.WriteLineAsync($"ogiri: {request.ImagePath}: {e.Message}");
            return ExitCodes.BadInput;
        }
        if (request.Count is < 1 or > 10)
        {
            await io.Error.WriteLineAsync($"ogiri: -n {request.Count}: ask for 1 to 10 answers");
            return ExitCodes.BadInput;
        }
        if (AnswerOptions.Problem(request.Temperature, request.TopP) is { } problem)
        {
            await io.Error.WriteLineAsync($"ogiri: {problem}");
            return ExitCodes.BadInput;
        }
        var models = new LocalModels(OgiriHome.Resolve(request.Home));
        string folder;
        try
        {
            folder = models.DeployedFolder();
        }
        catch (InvalidOperationException e)
        {
            await io.Error.WriteLineAsync($"ogiri: {e.Message}");
            return ExitCodes.Failure;
        }
        var analysis = await new LocalImageAnalyser(new TesseractTextReader())
            .AnalyseAsync(new StoredImage("", "", bytes, ImageInspector.Inspect(bytes, new ImageLimits())), cancellationToken);
        TrainedCaptionModel model;
        try
        {
            model = TrainedCaptionModel.Load(folder, models.Deployed!);
        }
        catch (Trainer.Inference.InvalidModelException e)
        {
            await io.Error.WriteLineAsync($"ogiri: {e.Message}");
            return ExitCodes.Failure;
        }
        using var _ = model;
        var captions = await model.CaptionAsync(
            new CaptionRequest(bytes, analysis.Labels, analysis.DetectedText, request.Count, request.Temperature, request.TopP, request.Seed),
            cancellationToken);
        if (request.Json)
        {
            await io.Out.WriteLineAsync(JsonSerializer.Serialize(new InvocationResponse(captions, model.Version), Ogiri.Pipeline.Ingestion.IngestionReport.JsonOptions));
        }
        else
        {
            foreach (var caption in captions) await io.Out.WriteLineAsync(caption);
        }
        return ExitCodes.Ok;
    }
}
