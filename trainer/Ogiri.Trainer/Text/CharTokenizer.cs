using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ogiri.Trainer.Text;

/// <summary>
/// Characters (Unicode text elements, after NFKC) as tokens. Japanese has no spaces and a few
/// thousand common characters, so a character vocabulary covers it without a learnt segmenter.
/// Characters never seen in training map to <see cref="Unknown"/>; generation never emits it.
/// </summary>
public sealed class CharTokenizer
{
    public const int Pad = 0;
    public const int Begin = 1;
    public const int End = 2;
    public const int Unknown = 3;
    public const string FileName = "tokenizer.json";
    private static readonly string[] Specials = ["<pad>", "<bos>", "<eos>", "<unk>"];

    private readonly string[] tokens;
    private readonly Dictionary<string, int> ids;

    private CharTokenizer(IReadOnlyList<string> characters)
    {
        tokens = [.. Specials, .. characters];
        ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Length; i++) ids[tokens[i]] = i;
    }

    public int VocabularySize => tokens.Length;

    /// <summary>A vocabulary of every character in <paramref name="texts"/>, in a stable order (by first use is not stable across splits; ordinal is).</summary>
    public static CharTokenizer Build(IEnumerable<string> texts)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var text in texts) seen.UnionWith(Characters(text));
        return new CharTokenizer([.. seen]);
    }

    public static string Normalize(string text) => text.Normalize(NormalizationForm.FormKC).Trim();

    /// <summary>NFKC, then one token per text element (so a character with a combining mark or an emoji stays whole).</summary>
    public static IEnumerable<string> Characters(string text)
    {
        var e = StringInfo.GetTextElementEnumerator(Normalize(text));
        while (e.MoveNext()) yield return e.GetTextElement();
    }

    public int[] Encode(string text) => [.. Characters(text).Select(c => ids.GetValueOrDefault(c, Unknown))];

    public bool IsKnown(string character) => ids.ContainsKey(character);

    public string Decode(IEnumerable<int> tokenIds)
    {
        var sb = new StringBuilder();
        foreach (var id in tokenIds)
        {
            if (id == End) break;
            if (id is Pad or Begin) continue;
            sb.Append(id == Unknown ? "\uFFFD" : tokens[id]);
        }
        return sb.ToString();
    }

    public void Save(string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(new TokenizerFile("char-nfkc", [.. tokens.Skip(Specials.Length)])));

    public static CharTokenizer Load(string path)
    {
        var file = JsonSerializer.Deserialize<TokenizerFile>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path}: not a tokenizer file");
        if (file.Kind != "char-nfkc") throw new InvalidDataException($"{path}: unknown tokenizer kind '{file.Kind}'");
        return new CharTokenizer(file.Characters);
    }

    private sealed record TokenizerFile(
        [property: JsonPropertyName("kind")] string Kind,
        [property: JsonPropertyName("characters")] IReadOnlyList<string> Characters);
}
