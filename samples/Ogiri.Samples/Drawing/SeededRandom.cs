namespace Ogiri.Samples.Drawing;

/// <summary>
/// One random source per picture, derived from the set's seed and the picture's index, so a
/// picture looks the same however many pictures come before it.
/// </summary>
public static class SeededRandom
{
    public static Random For(int seed, int index) => new(unchecked((seed * 1_000_003) ^ (index * 7919 + 17)));
}
