using System.Text;
using System.Text.Json;
using Ogiri.Samples.Catalogue;

namespace Ogiri.Samples.Writing;

/// <summary>
/// How many generated answers name the thing in their picture: reads <c>ogiri eval --json</c> over a set this
/// generator drew (each picture's file name ends in the thing's slug) and checks each answer for any of the thing's
/// names (NFKC, as the model's tokenizer reads text).
/// </summary>
public static class NamingScore
{
    public sealed record Result(int Pictures, int Named, double Share);

    public static Result FromEvalJson(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        int pictures = 0, named = 0;
        foreach (var entry in document.RootElement.GetProperty("generated").EnumerateArray())
        {
            var image = entry.GetProperty("image").GetString() ?? "";
            var answer = (entry.GetProperty("answer").GetString() ?? "").Normalize(NormalizationForm.FormKC);
            var slug = Path.GetFileNameWithoutExtension(image).Split('-')[^1];
            var thing = Things.BySlug(slug);
            pictures++;
            if (thing.Names.Any(n => answer.Contains(n.Normalize(NormalizationForm.FormKC), StringComparison.Ordinal))) named++;
        }
        return new Result(pictures, named, pictures == 0 ? 0 : Math.Round((double)named / pictures, 3));
    }
}
