using SkiaSharp;

namespace Ogiri.Samples.Drawing;

/// <summary>Draws a planned scene into a PNG: background, then the thing's emoji, then the sign.</summary>
public sealed class SceneRenderer(FontSet fonts)
{
    public byte[] RenderPng(Scene scene)
    {
        using var surface = SKSurface.Create(new SKImageInfo(ScenePlanner.Width, ScenePlanner.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        BackdropPainter.Paint(canvas, scene.Backdrop, ScenePlanner.Width, ScenePlanner.Height);
        DrawThing(canvas, scene);
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
