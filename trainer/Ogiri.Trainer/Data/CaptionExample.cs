using Ogiri.Contracts;

namespace Ogiri.Trainer.Data;

/// <summary>One (image, answer) pair with its conditions, as the manifest gives it.</summary>
/// <param name="Image">Index into the image cache.</param>
public sealed record CaptionExample(int Image, string Caption, IReadOnlyList<Label> Labels, string? Text);

/// <summary>The training set in memory: every pair, and each image decoded once.</summary>
public sealed record CaptionDataset(IReadOnlyList<string> ImageKeys, ImageCache Images, IReadOnlyList<CaptionExample> Examples)
{
    /// <summary>Indices of the examples whose image is in <paramref name="images"/>.</summary>
    public int[] ExamplesOf(IReadOnlySet<int> images) => [.. Enumerable.Range(0, Examples.Count).Where(i => images.Contains(Examples[i].Image))];
}
