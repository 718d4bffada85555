namespace Ogiri.Trainer.Training;

/// <summary>
/// Splits by image, never by pair: two answers to one picture must not sit on both sides, or
/// validation would reward remembering pictures.
/// </summary>
public static class ValidationSplit
{
    public static (HashSet<int> Train, HashSet<int> Validation) ByImage(IReadOnlyList<string> imageKeys, double fraction, long seed)
    {
        // Sorting by key first makes the split depend on the set of images, not on manifest order.
        var order = Enumerable.Range(0, imageKeys.Count).OrderBy(i => imageKeys[i], StringComparer.Ordinal).ToArray();
        new Random(unchecked((int)seed)).Shuffle(order);
        var count = imageKeys.Count < 2 || fraction <= 0 ? 0 : Math.Clamp((int)Math.Round(imageKeys.Count * fraction), 1, imageKeys.Count - 1);
        return ([.. order.Skip(count)], [.. order.Take(count)]);
    }
}
