namespace Ogiri.Samples.Catalogue;

/// <summary>
/// An everyday thing the samples draw: its emoji, its Japanese names (the first is the plain one)
/// and two traits jokes can lean on.
/// </summary>
public sealed record Thing(string Slug, string Emoji, string Category, IReadOnlyList<string> Names, IReadOnlyList<string> Traits)
{
    public string Name => Names[0];
}
