using System.Globalization;
using System.Net;
using System.Text;

namespace UtilityInsights.Statements;

/// <summary>
/// The one writer of the inline SVG charts that statements, reports and the portal show: an
/// image role with a label or a title for screen readers, bars and text. Every text is
/// HTML-escaped and every number written with the invariant culture, so no chart can carry markup
/// or a comma for a decimal point; there are no scripts. The charts themselves are
/// <see cref="Charts"/> (statements), <see cref="ReportSvg"/> (reports) and <see cref="UsageChart"/> (portal).
/// </summary>
public sealed class SvgChart
{
    private readonly StringBuilder svg = new();

    private SvgChart()
    {
    }

    /// <summary>A chart labelled for screen readers by <c>aria-label</c>.</summary>
    public static SvgChart Labelled(string label, double width, double height)
    {
        var chart = new SvgChart();
        chart.svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{Escape(label)}\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\">");
        return chart;
    }

    /// <summary>A chart with a <c>title</c> element (id <c>ID-title</c>) that labels it.</summary>
    public static SvgChart Titled(string id, string title, double width, double height)
    {
        var chart = new SvgChart();
        chart.svg.Append(CultureInfo.InvariantCulture,
            $"<svg role=\"img\" aria-labelledby=\"{Escape(id)}-title\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\"><title id=\"{Escape(id)}-title\">{Escape(title)}</title>");
        return chart;
    }

    /// <summary>A bar; <paramref name="tooltip"/> becomes its own <c>title</c> (shown on hover).</summary>
    public SvgChart Bar(double x, double y, double width, double height, string fill, int? radius = null, string? tooltip = null)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(width)}\" height=\"{N(height)}\"");
        if (radius is { } r)
            svg.Append(CultureInfo.InvariantCulture, $" rx=\"{r}\"");
        svg.Append(CultureInfo.InvariantCulture, $" fill=\"{Escape(fill)}\"");
        svg.Append(tooltip is null ? "/>" : $"><title>{Escape(tooltip)}</title></rect>");
        return this;
    }

    /// <summary>A straight line (a gridline or an axis).</summary>
    public SvgChart Line(double x1, double y1, double x2, double y2, string stroke)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{Escape(stroke)}\"/>");
        return this;
    }

    /// <summary>A line through the points in order (a series of a line chart), <paramref name="width"/> pixels wide, dashed when asked.</summary>
    public SvgChart Polyline(IEnumerable<(double X, double Y)> points, string stroke, double width = 2, bool dashed = false)
    {
        ArgumentNullException.ThrowIfNull(points);
        svg.Append("<polyline fill=\"none\" points=\"").AppendJoin(' ', points.Select(p => N(p.X) + "," + N(p.Y)))
            .Append(CultureInfo.InvariantCulture, $"\" stroke=\"{Escape(stroke)}\" stroke-width=\"{N(width)}\"").Append(dashed ? " stroke-dasharray=\"6 4\"/>" : "/>");
        return this;
    }

    /// <summary>A dot (a point of a chart); <paramref name="tooltip"/> becomes its own <c>title</c>.</summary>
    public SvgChart Dot(double x, double y, double radius, string fill, string? tooltip = null)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"{N(radius)}\" fill=\"{Escape(fill)}\"");
        svg.Append(tooltip is null ? "/>" : $"><title>{Escape(tooltip)}</title></circle>");
        return this;
    }

    /// <summary>A text; <paramref name="anchor"/> is <c>start</c> (left out), <c>middle</c> or <c>end</c>.</summary>
    public SvgChart Text(double x, double y, string text, string? anchor = null, int? fontSize = null, string? fill = null)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{N(y)}\"");
        if (anchor is not null)
            svg.Append(CultureInfo.InvariantCulture, $" text-anchor=\"{anchor}\"");
        if (fontSize is { } size)
            svg.Append(CultureInfo.InvariantCulture, $" font-size=\"{size}\"");
        if (fill is not null)
            svg.Append(CultureInfo.InvariantCulture, $" fill=\"{Escape(fill)}\"");
        svg.Append('>').Append(Escape(text)).Append("</text>");
        return this;
    }

    /// <summary>The finished <c>svg</c> element (made in one copy: the history chart is a few kilobytes, drawn for every statement).</summary>
    public override string ToString()
    {
        var drawn = svg.Length;
        var text = svg.Append("</svg>").ToString();
        svg.Length = drawn;
        return text;
    }

    /// <summary>Text made safe for HTML and SVG, in content and in attributes.</summary>
    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A coordinate to a tenth, as <see cref="Coordinate"/> writes it.</summary>
    internal static Coordinate N(double value) => new(value);

    /// <summary>
    /// A coordinate to a tenth, exactly as <c>value.ToString("0.#", invariant)</c> writes it (which
    /// rounds to 15 significant digits, then half away from zero to one decimal): a chart has about a
    /// hundred numbers, and that custom format's slow path was a fifth of rendering a statement. A
    /// value far from a tie (more than a millionth of a tenth) rounds the same either way and is
    /// written from its whole tenths (below a million, where 15 digits keep nine decimals); a value near
    /// a tie, a negative one (-0 included) or a larger one is left to the custom format. Written
    /// straight into the chart's text (it is span-formattable), not made a string of its own first.
    /// </summary>
    internal readonly struct Coordinate(double value) : ISpanFormattable
    {
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        {
            var tenths = value * 10;
            if (!double.IsNegative(value) && value < 1e6)
            {
                var below = Math.Floor(tenths);
                var fraction = tenths - below;
                if (Math.Abs(fraction - 0.5) > 1e-6)
                {
                    var whole = (long)below + (fraction > 0.5 ? 1 : 0);
                    return whole % 10 == 0
                        ? (whole / 10).TryFormat(destination, out charsWritten, default, CultureInfo.InvariantCulture)
                        : destination.TryWrite(CultureInfo.InvariantCulture, $"{whole / 10}.{whole % 10}", out charsWritten);
                }
            }
            return value.TryFormat(destination, out charsWritten, "0.#", CultureInfo.InvariantCulture);
        }

        public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

        public override string ToString()
        {
            Span<char> text = stackalloc char[64];
            return TryFormat(text, out var written, default, null) ? new string(text[..written]) : value.ToString("0.#", CultureInfo.InvariantCulture);
        }
    }
}
