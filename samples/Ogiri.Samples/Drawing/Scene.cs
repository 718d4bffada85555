using Ogiri.Samples.Catalogue;
using SkiaSharp;

namespace Ogiri.Samples.Drawing;

/// <summary>Everything needed to draw one picture; planned from a seeded random source, then drawn without chance.</summary>
public sealed record Scene(Thing Thing, Backdrop Backdrop, Placement Placement, SignBoard? Sign);

public enum BackdropKind { Solid, LinearGradient, RadialGradient, Stripes, Dots, Checks, Sky, Sea, Room, Night }

/// <summary>A background: its kind, two colours, an angle for gradients and stripes, and a seed for scattered details (stars, dots).</summary>
public sealed record Backdrop(BackdropKind Kind, SKColor First, SKColor Second, float AngleDegrees, int DetailSeed);

/// <summary>Where the thing sits: centre and glyph size in pixels, rotation in degrees.</summary>
public sealed record Placement(float CentreX, float CentreY, float Size, float RotationDegrees);

/// <summary>A sign board with a short Japanese text, always upright.</summary>
public sealed record SignBoard(string Text, SignStyle Style, float CentreX, float CentreY, float FontSize);

public sealed record SignStyle(SKColor Board, SKColor Text, SKColor Post);
