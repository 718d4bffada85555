using Ogiri.Pipeline.Ports;

namespace Ogiri.Cli.Embedded;

/// <summary>Local mode's image analysis: colour labels from <see cref="ColourLabeler"/>, text from Tesseract.</summary>
public sealed class LocalImageAnalyser(TesseractTextReader text) : IImageAnalyser
{
    public async Task<ImageAnalysis> AnalyseAsync(StoredImage image, CancellationToken cancellationToken)
    {
        var labels = ColourLabeler.Label(image.Content.Span);
        var words = await text.ReadWordsAsync(image.Content, cancellationToken);
        return new ImageAnalysis(labels, TesseractTextReader.JoinWords(words));
    }
}
