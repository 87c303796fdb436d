using System.Globalization;
using System.Xml;
using SkiaSharp;
using UtilityInsights.Statements;

namespace UtilityInsights.Printing.Layout;

/// <summary>
/// A statement's chart drawn on a PDF page: the SVG that <see cref="SvgChart"/> wrote into the
/// statement's document — its whole vocabulary, <c>rect</c> (rounded or not), <c>line</c>,
/// <c>polyline</c>, <c>circle</c> and <c>text</c> with an anchor, size and fill, <c>title</c>s being
/// for screen readers — read with an <see cref="XmlReader"/> and drawn with Skia at the given scale.
/// A general SVG renderer (Svg.Skia) took 2.7–5.7 ms a chart here, more than a whole statement's
/// budget at 300 a second (RESULTS.md, session 20); this reads only what that one writer writes and
/// refuses anything else, so a chart it cannot draw is an error, not a gap on paper.
/// </summary>
internal static class ChartDrawing
{
    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, IgnoreComments = true };

    /// <summary>The chart's width and height in its own units (its <c>width</c> and <c>height</c>).</summary>
    public static (float Width, float Height) Size(string svg)
    {
        using var reader = XmlReader.Create(new StringReader(svg), Settings);
        reader.MoveToContent();
        return (Number(reader, "width"), Number(reader, "height"));
    }

    /// <summary>Draws the chart with its top left at (<paramref name="left"/>, <paramref name="top"/>), <paramref name="scale"/> points to its unit.</summary>
    public static void Draw(SKCanvas canvas, string svg, float left, float top, float scale)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        canvas.Save();
        canvas.Translate(left, top);
        canvas.Scale(scale);
        using var reader = XmlReader.Create(new StringReader(svg), Settings);
        reader.MoveToContent();
        if (reader.LocalName != "svg")
            throw new InvalidDataException($"a statement chart starts with <{reader.LocalName}>, not <svg>.");
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }
            switch (reader.LocalName)
            {
                case "title":
                    reader.Skip();
                    continue;
                case "rect":
                    var rect = SKRect.Create(Number(reader, "x"), Number(reader, "y"), Number(reader, "width"), Number(reader, "height"));
                    var radius = Number(reader, "rx", 0);
                    canvas.DrawRoundRect(rect, radius, radius, Fill(reader));
                    break;
                case "line":
                    canvas.DrawLine(Number(reader, "x1"), Number(reader, "y1"), Number(reader, "x2"), Number(reader, "y2"), Stroke(reader));
                    break;
                case "polyline":
                    var points = (reader.GetAttribute("points") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
                        .Select(p => p.Split(',')).Select(p => new SKPoint(Parse(p[0]), Parse(p[1]))).ToArray();
                    canvas.DrawPoints(SKPointMode.Polygon, points, Stroke(reader));
                    break;
                case "circle":
                    canvas.DrawCircle(Number(reader, "cx"), Number(reader, "cy"), Number(reader, "r"), Fill(reader));
                    break;
                case "text":
                    var (x, y) = (Number(reader, "x"), Number(reader, "y"));
                    var align = reader.GetAttribute("text-anchor") switch { "end" => SKTextAlign.Right, "middle" => SKTextAlign.Center, _ => SKTextAlign.Left };
                    var style = new TextStyle(PdfFaces.Regular, Number(reader, "font-size", 16), Colour(reader.GetAttribute("fill") ?? "#000"));
                    var text = reader.ReadElementContentAsString();
                    style = TextBox.Drawable(text, style);
                    canvas.DrawText(text, x, y, align, Fonts.Get(style), Fonts.Paint(style.Color));
                    continue;
                default:
                    throw new InvalidDataException($"a statement chart has a <{reader.LocalName}>, which printing does not draw.");
            }
            // An element of its own (rect, line, polyline, circle): its title, if any, is skipped as the next element.
            reader.Read();
        }
        canvas.Restore();
    }

    private static SKPaint Fill(XmlReader reader) => Fonts.Paint(Colour(reader.GetAttribute("fill") ?? "#000"));

    private static readonly float[] Dashes = [6, 4];

    private static SKPaint Stroke(XmlReader reader) =>
        Fonts.Stroke(Colour(reader.GetAttribute("stroke") ?? "#000"), Number(reader, "stroke-width", 1), reader.GetAttribute("stroke-dasharray") is not null ? Dashes : null);

    /// <summary>A colour as SvgChart writes them (<c>#rrggbb</c>); <c>none</c> is transparent.</summary>
    public static SKColor Colour(string text) =>
        text == "none" ? SKColors.Transparent
        : SKColor.TryParse(text, out var colour) ? colour
        : throw new InvalidDataException($"a statement chart has the colour '{text}', which printing does not read.");

    private static float Number(XmlReader reader, string name, float? absent = null) =>
        reader.GetAttribute(name) is { } text ? Parse(text)
        : absent ?? throw new InvalidDataException($"a statement chart's <{reader.LocalName}> has no {name}.");

    private static float Parse(string text) => float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
