using System.Net;
using System.Text;
using Ogiri.Trainer.Inference;
using Ogiri.Trainer.Training;
using SkiaSharp;

namespace Ogiri.Trainer.Artifacts;

/// <summary><c>gallery.html</c>: validation images beside their true answers and answers the model wrote. Self-contained (images inline).</summary>
public static class Gallery
{
    public const int MaxImages = 24;

    public static void Write(string path, OgiriModel model, ValidationView validation)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"ja\"><meta charset=\"utf-8\"><title>Validation gallery</title>")
            .Append("<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}td{border-top:1px solid #ccc;padding:.5em;vertical-align:top}")
            .Append("img{width:128px;height:128px;image-rendering:pixelated}.true{color:#064}.gen{color:#333}</style>")
            .Append("<h1>Validation images</h1><table><tr><th>image</th><th>true answers</th><th>generated</th></tr>");
        for (var i = 0; i < Math.Min(MaxImages, validation.Images.Count); i++)
        {
            var item = validation.Images[i];
            var truths = validation.Pairs.Where(p => p.Image == i).Select(p => p.Answer);
            var generated = AnswerWriter.Write(model, item, new AnswerOptions(Count: 3, Seed: i));
            html.Append("<tr><td><img alt=\"").Append(WebUtility.HtmlEncode(validation.Names[i])).Append("\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(Png(item.Pixels, model.Config.CacheSide))).Append("\"></td><td class=\"true\">");
            foreach (var t in truths) html.Append(WebUtility.HtmlEncode(t)).Append("<br>");
            html.Append("</td><td class=\"gen\">");
            foreach (var g in generated) html.Append(WebUtility.HtmlEncode(g)).Append("<br>");
            html.Append("</td></tr>");
        }
        html.Append("</table></html>\n");
        File.WriteAllText(path, html.ToString());
    }

    /// <summary>The cached pixels (what the model saw, before cropping) as PNG.</summary>
    private static byte[] Png(byte[] chw, int side)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var plane = side * side;
        var rgba = bitmap.GetPixelSpan();
        for (var i = 0; i < plane; i++)
        {
            rgba[4 * i] = chw[i];
            rgba[4 * i + 1] = chw[plane + i];
            rgba[4 * i + 2] = chw[2 * plane + i];
            rgba[4 * i + 3] = 255;
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
