using Ogiri.Samples.Drawing;

namespace Ogiri.Samples.Writing;

/// <summary>One picture of a data set: its path relative to the CSV, what it shows, and its answers.</summary>
/// <param name="ArtPath">A picture file of the thing by another hand, drawn instead of the emoji font's glyph.</param>
public sealed record SamplePicture(string RelativePath, Scene Scene, IReadOnlyList<string> Answers, string? ArtPath = null);
