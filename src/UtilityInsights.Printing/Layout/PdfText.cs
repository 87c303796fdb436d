using SkiaSharp;

namespace UtilityInsights.Printing.Layout;

/// <summary>
/// The typefaces a statement is printed in, found once through fontconfig: Liberation Sans (Debian's
/// <c>fonts-liberation</c>, metrically Arial's), else DejaVu Sans, else the system's default sans-serif;
/// Liberation Mono for the scan line. A character the face lacks (a name in another script) is drawn in a
/// face fontconfig says has it. The PDF carries each face whole (SkiaSharp has no font subsetter), once a
/// file: Liberation's four faces are about 0.3 MB compressed, DejaVu's 1.3 MB.
/// </summary>
internal static class PdfFaces
{
    private static readonly Lazy<SKTypeface[]> Faces = new(Load);

    public static SKTypeface Regular => Faces.Value[0];

    public static SKTypeface Bold => Faces.Value[1];

    public static SKTypeface Italic => Faces.Value[2];

    public static SKTypeface Mono => Faces.Value[3];

    private static SKTypeface[] Load()
    {
        SKFontManager manager;
        try
        {
            manager = SKFontManager.Default;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException)
        {
            throw new UserErrorException("Printing a statement needs fontconfig and a font, which are not installed: apt-get install libfontconfig1 fonts-liberation.");
        }
        SKTypeface Find(SKFontStyle style, params string[] families)
        {
            foreach (var family in families)
            {
                if (manager.MatchFamily(family, style) is { } face && face.FamilyName == family)
                    return face;
            }
            return manager.MatchFamily(null, style) ?? SKTypeface.Default;
        }
        string[] sans = ["Liberation Sans", "DejaVu Sans", "Arial", "Helvetica"];
        var regular = Find(SKFontStyle.Normal, sans);
        if (regular.GlyphCount == 0)
            throw new UserErrorException("Printing a statement needs a font, and none is installed: apt-get install fonts-liberation (or fonts-dejavu-core).");
        return [regular, Find(SKFontStyle.Bold, sans), Find(SKFontStyle.Italic, sans), Find(SKFontStyle.Normal, "Liberation Mono", "DejaVu Sans Mono", "Courier New")];
    }

    /// <summary>A face that has <paramref name="character"/>, for text <paramref name="face"/> cannot draw.</summary>
    public static SKTypeface Fallback(SKTypeface face, int character) =>
        SKFontManager.Default.MatchCharacter(null, face.FontStyle, null, character) ?? face;
}

/// <summary>How a run of text looks: face, size in points and colour.</summary>
internal sealed record TextStyle(SKTypeface Face, float Size, SKColor Color)
{
    /// <summary>The same style in another face, size or colour.</summary>
    public TextStyle With(SKTypeface? face = null, float? size = null, SKColor? color = null) => new(face ?? Face, size ?? Size, color ?? Color);
}

/// <summary>A run of text in one style; a '\n' in it starts a new line.</summary>
internal readonly record struct Run(string Text, TextStyle Style);

internal enum Align
{
    Left,
    Right,
    Center,
}

/// <summary>
/// Runs of text broken into lines no wider than a width, at spaces (a word longer than the width
/// is broken between characters): what a paragraph, a table cell or a list item is. Measured with
/// the faces' own advances, so what is drawn is what was measured.
/// </summary>
internal sealed class TextBox
{
    private readonly record struct Piece(string Text, TextStyle Style, float X);

    private readonly List<(List<Piece> Pieces, float Width, float Height, float Ascent)> lines = [];
    private readonly Align align;
    private readonly float width;

    public TextBox(IEnumerable<Run> runs, float width, Align align = Align.Left, float leading = 1.3f)
    {
        ArgumentNullException.ThrowIfNull(runs);
        (this.width, this.align) = (width, align);
        var pieces = new List<Piece>();
        float x = 0, tallest = 0;
        void EndLine()
        {
            // The line's width without the spaces after its last word (which would push right-aligned text off the edge).
            var trailing = 0f;
            if (pieces.Count > 0)
            {
                tallest = pieces.Max(p => p.Style.Size);
                var last = pieces[^1];
                trailing = Fonts.Width(last.Text, last.Style) - Fonts.Width(last.Text.TrimEnd(' '), last.Style);
            }
            lines.Add((pieces.ToList(), x - trailing, tallest * leading, tallest));
            pieces.Clear();
            x = 0;
        }
        foreach (var run in runs)
        {
            tallest = Math.Max(tallest, run.Style.Size);
            var paragraphs = run.Text.Split('\n');
            for (var p = 0; p < paragraphs.Length; p++)
            {
                if (p > 0)
                    EndLine();
                foreach (var (word, style) in Words(paragraphs[p], run.Style))
                {
                    var ink = Fonts.Width(word.TrimEnd(' '), style);
                    if (x > 0 && x + ink > width)
                        EndLine();
                    var text = x == 0 ? word.TrimStart(' ') : word;
                    if (text.Length == 0)
                        continue;
                    // A word wider than the whole line: as many characters as fit, then the rest on the next.
                    while (x == 0 && Fonts.Width(text.TrimEnd(' '), style) > width && text.Length > 1)
                    {
                        var fit = 1;
                        while (fit < text.Length && Fonts.Width(text[..(fit + 1)], style) <= width)
                            fit++;
                        pieces.Add(new Piece(text[..fit], style, 0));
                        x = Fonts.Width(text[..fit], style);
                        EndLine();
                        text = text[fit..];
                    }
                    Add(text, style);
                }
            }
        }
        EndLine();
        Height = lines.Sum(l => l.Height);

        void Add(string text, TextStyle style)
        {
            if (pieces.Count > 0 && pieces[^1].Style == style)
                pieces[^1] = pieces[^1] with { Text = pieces[^1].Text + text };
            else
                pieces.Add(new Piece(text, style, x));
            x += Fonts.Width(text, style);
        }
    }

    /// <summary>One style's words, each with the spaces after it; a word with characters the face lacks in a face that has them.</summary>
    private static IEnumerable<(string Word, TextStyle Style)> Words(string text, TextStyle style)
    {
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            // A break after a space, but not between a number and its per cent sign ("42 %") nor within a run of spaces.
            if (i < text.Length && (text[i] != ' ' || (i + 1 < text.Length && text[i + 1] is ' ' or '%')))
                continue;
            var end = Math.Min(i + 1, text.Length);
            if (end > start)
            {
                var word = text[start..end];
                yield return (word, Drawable(word, style));
            }
            start = end;
        }
    }

    /// <summary>The style, or the same in a face that has the text's first character this one lacks.</summary>
    public static TextStyle Drawable(string text, TextStyle style) =>
        Fonts.CanDraw(text, style) ? style : style.With(face: PdfFaces.Fallback(style.Face, char.ConvertToUtf32(text, FirstMissing(text, style))));

    private static int FirstMissing(string word, TextStyle style)
    {
        for (var i = 0; i < word.Length; i += char.IsSurrogatePair(word, i) ? 2 : 1)
        {
            if (!Fonts.CanDraw(word.Substring(i, char.IsSurrogatePair(word, i) ? 2 : 1), style))
                return i;
        }
        return 0;
    }

    public float Height { get; }

    /// <summary>The widest line's width.</summary>
    public float Widest => lines.Count == 0 ? 0 : lines.Max(l => l.Width);

    public int LineCount => lines.Count(l => l.Pieces.Count > 0);

    /// <summary>Where the baseline of a line from <paramref name="top"/> falls, its tallest text <paramref name="size"/> points in a line of <paramref name="height"/> (1.3 × the size unless given).</summary>
    public static float Baseline(float top, float size, float? height = null) => top + ((height ?? size * 1.3f) - size) / 2 + size * 0.8f;

    /// <summary>Draws the lines from <paramref name="top"/>, each aligned within the box's width from <paramref name="left"/>.</summary>
    public void Draw(SKCanvas canvas, float left, float top)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        var y = top;
        foreach (var (pieces, lineWidth, height, ascent) in lines)
        {
            var baseline = Baseline(y, ascent, height);
            var offset = align switch { Align.Right => width - lineWidth, Align.Center => (width - lineWidth) / 2, _ => 0 };
            foreach (var piece in pieces)
                canvas.DrawText(piece.Text.TrimEnd(' '), left + offset + piece.X, baseline, SKTextAlign.Left, Fonts.Get(piece.Style), Fonts.Paint(piece.Style.Color));
            y += height;
        }
    }
}

/// <summary>A thread's fonts and paints by style (SkiaSharp's are not shared between threads).</summary>
internal static class Fonts
{
    [ThreadStatic]
    private static Dictionary<(SKTypeface, float), SKFont>? fonts;

    [ThreadStatic]
    private static Dictionary<SKColor, SKPaint>? paints;

    public static SKFont Get(TextStyle style)
    {
        fonts ??= [];
        if (!fonts.TryGetValue((style.Face, style.Size), out var font))
        {
            font = new SKFont(style.Face, style.Size) { Subpixel = true, Edging = SKFontEdging.Antialias, LinearMetrics = true };
            fonts[(style.Face, style.Size)] = font;
        }
        return font;
    }

    public static SKPaint Paint(SKColor color)
    {
        paints ??= [];
        if (!paints.TryGetValue(color, out var paint))
        {
            paint = new SKPaint { Color = color, IsAntialias = true };
            paints[color] = paint;
        }
        return paint;
    }

    // Widths and whether a face has a word's glyphs, by face, size and text: a batch's statements share most of their words.
    [ThreadStatic]
    private static Dictionary<(SKTypeface, float, string), float>? widths;

    [ThreadStatic]
    private static Dictionary<(SKTypeface, string), bool>? drawable;

    private const int Remembered = 100_000;

    [ThreadStatic]
    private static Dictionary<(SKColor, float, bool), SKPaint>? strokes;

    /// <summary>A line's paint: colour, width in points and, when given, its dashes (on, off).</summary>
    public static SKPaint Stroke(SKColor color, float width, float[]? dashes = null)
    {
        strokes ??= [];
        if (!strokes.TryGetValue((color, width, dashes is not null), out var paint))
        {
            paint = new SKPaint { Color = color, StrokeWidth = width, Style = SKPaintStyle.Stroke, IsAntialias = true };
            if (dashes is not null)
                paint.PathEffect = SKPathEffect.CreateDash(dashes, 0);
            strokes[(color, width, dashes is not null)] = paint;
        }
        return paint;
    }

    public static float Width(string text, TextStyle style)
    {
        if (text.Length == 0)
            return 0;
        widths ??= [];
        if (!widths.TryGetValue((style.Face, style.Size, text), out var width))
        {
            if (widths.Count >= Remembered)
                widths.Clear();
            width = Get(style).MeasureText(text);
            widths[(style.Face, style.Size, text)] = width;
        }
        return width;
    }

    public static bool CanDraw(string text, TextStyle style)
    {
        drawable ??= [];
        if (!drawable.TryGetValue((style.Face, text), out var can))
        {
            if (drawable.Count >= Remembered)
                drawable.Clear();
            can = Get(style).ContainsGlyphs(text.Replace(" ", "", StringComparison.Ordinal));
            drawable[(style.Face, text)] = can;
        }
        return can;
    }
}
