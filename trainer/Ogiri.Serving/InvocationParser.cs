using System.Text.Json;
using Ogiri.Contracts;
using Ogiri.Pipeline;
using Ogiri.Pipeline.Ports;
using Ogiri.Trainer.Inference;

namespace Ogiri.Serving;

/// <summary>A request that cannot be served: the HTTP status (4xx) and a message that names the problem.</summary>
public sealed class InvocationException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// Turns the body of <c>POST /invocations</c> into a <see cref="CaptionRequest"/>: raw image bytes
/// (image/jpeg, image/png, image/webp, image/gif) or JSON
/// <c>{"image": base64, "labels": [{"name", "confidence"}], "text", "n", "temperature", "topP", "seed"}</c>.
/// Every problem becomes an <see cref="InvocationException"/> with a 4xx status.
/// </summary>
public sealed class InvocationParser(ServingOptions options)
{
    public static readonly IReadOnlyList<string> ImageTypes = ["image/jpeg", "image/png", "image/webp", "image/gif"];
    private static readonly HashSet<string> Fields = ["image", "labels", "text", "n", "temperature", "topP", "seed"];

    public CaptionRequest Parse(string? contentType, byte[] body)
    {
        var mediaType = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (body.Length == 0) throw new InvocationException(400, "the request body is empty; send an image or JSON");
        CaptionRequest request = mediaType switch
        {
            "application/json" => ParseJson(body),
            _ when ImageTypes.Contains(mediaType) => Defaults(body),
            "" => throw new InvocationException(415, "Content-Type is missing; use one of " + string.Join(", ", ImageTypes) + " or application/json"),
            _ => throw new InvocationException(415, $"Content-Type '{mediaType}' is not accepted; use one of {string.Join(", ", ImageTypes)} or application/json"),
        };
        if (request.Image.Length > options.Limits.MaxBytes)
            throw new InvocationException(413, $"the image is {request.Image.Length} bytes; the limit is {options.Limits.MaxBytes}");
        try
        {
            ImageInspector.Inspect(request.Image, options.Limits);
        }
        catch (ImageRejectedException e)
        {
            throw new InvocationException(400, e.Message);
        }
        return request;
    }

    private const int MaxDepth = 8;

    // System.Text.Json says so only in the message ("The maximum configured depth of 8 has been exceeded"); no
    // property tells. An unclosed object says "Expected depth to be zero", which is not this.
    private static bool IsTooDeep(JsonException e) =>
        e.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase);

    private CaptionRequest Defaults(byte[] image) =>
        new(image, [], null, options.DefaultCount, options.DefaultTemperature, options.DefaultTopP, null);

    private CaptionRequest ParseJson(byte[] body)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e) when (IsTooDeep(e))
        {
            throw new InvocationException(400, $"the JSON body is nested deeper than {MaxDepth} levels; the request needs at most 3");
        }
        catch (JsonException e)
        {
            throw new InvocationException(400, $"the body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvocationException(400, "the JSON body must be an object");
            foreach (var p in root.EnumerateObject())
            {
                if (!Fields.Contains(p.Name))
                    throw new InvocationException(400, $"unknown field '{p.Name}'; known fields: {string.Join(", ", Fields)}");
            }
            if (!root.TryGetProperty("image", out var imageNode) || imageNode.ValueKind != JsonValueKind.String)
                throw new InvocationException(400, "field 'image' is required: the image as a base64 string");
            byte[] image;
            try
            {
                image = Convert.FromBase64String(imageNode.GetString()!);
            }
            catch (FormatException)
            {
                throw new InvocationException(400, "field 'image' is not valid base64");
            }
            if (image.Length == 0) throw new InvocationException(400, "field 'image' is empty");

            var count = Int(root, "n", options.DefaultCount, 1, options.MaxCount);
            var temperature = Number(root, "temperature", options.DefaultTemperature, AnswerOptions.MinTemperature, AnswerOptions.MaxTemperature);
            var topP = Number(root, "topP", options.DefaultTopP, AnswerOptions.MinTopP, AnswerOptions.MaxTopP);
            int? seed = root.TryGetProperty("seed", out _) ? Int(root, "seed", 0, int.MinValue, int.MaxValue) : null;
            string? text = null;
            if (root.TryGetProperty("text", out var textNode) && textNode.ValueKind != JsonValueKind.Null)
            {
                if (textNode.ValueKind != JsonValueKind.String) throw new InvocationException(400, "field 'text' must be a string");
                text = textNode.GetString();
            }
            return new CaptionRequest(image, Labels(root), text, count, temperature, topP, seed);
        }
    }

    private static List<Label> Labels(JsonElement root)
    {
        if (!root.TryGetProperty("labels", out var node) || node.ValueKind == JsonValueKind.Null) return [];
        if (node.ValueKind != JsonValueKind.Array) throw new InvocationException(400, "field 'labels' must be an array of {\"name\", \"confidence\"}");
        var labels = new List<Label>();
        var i = 0;
        foreach (var item in node.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(name.GetString()))
                throw new InvocationException(400, $"labels[{i}] needs a non-empty string 'name'");
            var confidence = 100.0;
            if (item.TryGetProperty("confidence", out var c))
            {
                if (c.ValueKind != JsonValueKind.Number || !c.TryGetDouble(out confidence) || confidence is < 0 or > 100)
                    throw new InvocationException(400, $"labels[{i}].confidence must be a number from 0 to 100");
            }
            foreach (var p in item.EnumerateObject())
            {
                if (p.Name is not ("name" or "confidence")) throw new InvocationException(400, $"labels[{i}] has unknown field '{p.Name}'");
            }
            labels.Add(new Label(name.GetString()!, confidence));
            i++;
        }
        return labels;
    }

    private static int Int(JsonElement root, string field, int fallback, int min, int max)
    {
        if (!root.TryGetProperty(field, out var node) || node.ValueKind == JsonValueKind.Null) return fallback;
        if (node.ValueKind != JsonValueKind.Number || !node.TryGetInt32(out var value))
            throw new InvocationException(400, $"field '{field}' must be a whole number");
        if (value < min || value > max) throw new InvocationException(400, $"field '{field}' is {value}; it must be from {min} to {max}");
        return value;
    }

    private static double Number(JsonElement root, string field, double fallback, double min, double max)
    {
        if (!root.TryGetProperty(field, out var node) || node.ValueKind == JsonValueKind.Null) return fallback;
        if (node.ValueKind != JsonValueKind.Number || !node.TryGetDouble(out var value))
            throw new InvocationException(400, $"field '{field}' must be a number");
        if (value < min || value > max)
            throw new InvocationException(400, $"field '{field}' is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}; it must be from {min.ToString(System.Globalization.CultureInfo.InvariantCulture)} to {max.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        return value;
    }
}
