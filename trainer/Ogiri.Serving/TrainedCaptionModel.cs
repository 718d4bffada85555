using Ogiri.Trainer.Inference;

namespace Ogiri.Serving;

/// <summary>
/// A trained model behind the serving contract; its answers are <see cref="AnswerWriter"/>'s. One request uses the
/// network at a time (it is not thread-safe).
/// </summary>
public sealed class TrainedCaptionModel(OgiriModel model, string version) : ICaptionModel
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public string Version { get; } = version;

    /// <param name="threads">Intra-op threads. Serving decodes small tensors one step at a time, where a second
    /// thread costs more in hand-offs than it gains (measured: 4 answers 186 ms with 2 threads, 97 ms with 1).</param>
    public static TrainedCaptionModel Load(string folder, string version, int threads = 1) =>
        new(OgiriModel.Load(folder, threads), version);

    public async Task<IReadOnlyList<string>> CaptionAsync(CaptionRequest request, CancellationToken cancellationToken)
    {
        // Decoding and the image encoder run before the gate: they do not touch the network, so requests overlap there.
        var image = model.Prepare(new Trainer.Inference.CaptionRequest(request.Image, request.Labels, request.Text));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var options = new AnswerOptions(request.Count, request.Temperature, request.TopP, request.Seed ?? Random.Shared.Next());
            return AnswerWriter.Write(model, image, options, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        model.Dispose();
        gate.Dispose();
    }
}
