using SkiaSharp;

namespace Ogiri.Samples.Drawing;

/// <summary>Draws a planned scene into a PNG: background, then the thing's emoji (or a picture of it), then the sign.</summary>
public sealed class SceneRenderer(FontSet fonts)
{
    /// <param name="artPath">A picture file of the thing, fitted into the placement's square instead of the emoji glyph.</param>
    public byte[] RenderPng(Scene scene, string? artPath = null)
    {
        using var surface = SKSurface.Create(new SKImageInfo(ScenePlanner.Width, ScenePlanner.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        BackdropPainter.Paint(canvas, scene.Backdrop, ScenePlanner.Width, ScenePlanner.Height);
        if (artPath is null) DrawThing(canvas, scene);
        else DrawArt(canvas, scene.Placement, artPath);
        if (scene.Sign is { } sign) DrawSign(canvas, sign);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private void DrawThing(SKCanvas canvas, Scene scene)
    {
        var p = scene.Placement;
        using var font = new SKFont(fonts.Emoji, p.Size);
        using var paint = new SKPaint { IsAntialias = true };
        font.MeasureText(scene.Thing.Emoji, out var bounds, paint);
        canvas.Save();
        canvas.Translate(p.CentreX, p.CentreY);
        canvas.RotateDegrees(p.RotationDegrees);
        canvas.DrawText(scene.Thing.Emoji, -bounds.MidX, -bounds.MidY, SKTextAlign.Left, font, paint);
        canvas.Restore();
    }

    private static void DrawArt(SKCanvas canvas, Placement p, string path)
    {
        using var bitmap = SKBitmap.Decode(path) ?? throw new InvalidDataException($"{path}: not a picture SkiaSharp can read");
        using var art = SKImage.FromBitmap(bitmap);
        // Clip art often has wide transparent margins: fit what is drawn, not the canvas.
        var drawn = DrawnBounds(bitmap);
        var scale = p.Size / Math.Max(drawn.Width, drawn.Height);
        var width = drawn.Width * scale;
        var height = drawn.Height * scale;
        canvas.Save();
        canvas.Translate(p.CentreX, p.CentreY);
        canvas.RotateDegrees(p.RotationDegrees);
        canvas.DrawImage(art, drawn, SKRect.Create(-width / 2, -height / 2, width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        canvas.Restore();
    }

    private static SKRect DrawnBounds(SKBitmap bitmap)
    {
        int left = bitmap.Width, top = bitmap.Height, right = -1, bottom = -1;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                if (bitmap.GetPixel(x, y).Alpha < 16) continue;
                left = Math.Min(left, x);
                right = Math.Max(right, x);
                top = Math.Min(top, y);
                bottom = Math.Max(bottom, y);
            }
        }
        return right < 0 ? SKRect.Create(bitmap.Width, bitmap.Height) : new SKRect(left, top, right + 1, bottom + 1);
    }

    private void DrawSign(SKCanvas canvas, SignBoard sign)
    {
        using var font = new SKFont(fonts.Japanese, sign.FontSize) { Edging = SKFontEdging.Antialias };
        using var textPaint = new SKPaint { IsAntialias = true, Color = sign.Style.Text };
        var width = font.MeasureText(sign.Text, out var bounds, textPaint);
        // A tight board without a frame: a frame close around the text, or wide margins, made Tesseract miss it.
        var padX = sign.FontSize * 0.35f;
        var padY = sign.FontSize * 0.28f;
        var board = new SKRect(sign.CentreX - width / 2 - padX, sign.CentreY - bounds.Height / 2 - padY,
            sign.CentreX + width / 2 + padX, sign.CentreY + bounds.Height / 2 + padY);
        using (var post = new SKPaint { Color = sign.Style.Post, IsAntialias = true })
        {
            // A short post under the board makes it read as a sign standing in the scene.
            canvas.DrawRect(sign.CentreX - 2, board.Bottom, 4, MathF.Min(30, ScenePlanner.Height - board.Bottom), post);
        }
        using (var fill = new SKPaint { Color = sign.Style.Board, IsAntialias = true })
            canvas.DrawRoundRect(board, 4, 4, fill);
        canvas.DrawText(sign.Text, sign.CentreX - width / 2, sign.CentreY - bounds.MidY, SKTextAlign.Left, font, textPaint);
    }
}
