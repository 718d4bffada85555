using System.Text.Json;

namespace Ogiri.Trainer.Text;

/// <summary>
/// Label names seen in training, each one embedding. Names are case-folded (Rekognition and the
/// local labeler spell them in title case); an unseen name maps to <see cref="Unknown"/>.
/// </summary>
public sealed class LabelVocabulary
{
    public const int Pad = 0;
    public const int Unknown = 1;
    public const string FileName = "labels.json";

    private readonly string[] names;
    private readonly Dictionary<string, int> ids;

    private LabelVocabulary(IReadOnlyList<string> names)
    {
        this.names = [.. names];
        ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < this.names.Length; i++) ids[this.names[i]] = i + 2;
    }

    public int Size => names.Length + 2;

    public static LabelVocabulary Build(IEnumerable<string> labelNames) =>
        new([.. labelNames.Select(Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);

    public int Id(string name) => ids.GetValueOrDefault(Key(name), Unknown);

    private static string Key(string name) => name.Trim().ToUpperInvariant();

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(names));

    public static LabelVocabulary Load(string path) =>
        new(JsonSerializer.Deserialize<string[]>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path}: not a label list"));
}
