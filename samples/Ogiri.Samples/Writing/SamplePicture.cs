using Ogiri.Samples.Drawing;

namespace Ogiri.Samples.Writing;

/// <summary>One picture of a data set: its path relative to the CSV, what it shows, and its answers.</summary>
public sealed record SamplePicture(string RelativePath, Scene Scene, IReadOnlyList<string> Answers);
