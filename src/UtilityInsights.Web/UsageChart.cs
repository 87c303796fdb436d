using System.Globalization;
using System.Net;
using System.Text;

namespace UtilityInsights.Web;

/// <summary>A bar chart of usage (days of a month, or hours of a day) as inline SVG with a title; the page also shows the numbers as a table.</summary>
public static class UsageChart
{
    public static string Svg(string title, IReadOnlyList<(string Label, decimal Value)> bars, string unit)
    {
        ArgumentNullException.ThrowIfNull(bars);
        const int width = 880, height = 200, bottom = 22;
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var slot = bars.Count == 0 ? width : (double)width / bars.Count;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\" width=\"{width}\" height=\"{height + bottom}\" viewBox=\"0 0 {width} {height + bottom}\">");
        for (var i = 0; i < bars.Count; i++)
        {
            var h = max <= 0 ? 0 : (double)(Math.Max(0, bars[i].Value) / max) * (height - 10);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{i * slot + 1:0.#}\" y=\"{height - h:0.#}\" width=\"{Math.Max(1, slot - 2):0.#}\" height=\"{h:0.#}\" fill=\"#1f5fa8\"><title>{WebUtility.HtmlEncode(bars[i].Label)}: {bars[i].Value.ToString("#,0.##", CultureInfo.InvariantCulture)} {WebUtility.HtmlEncode(unit)}</title></rect>");
            if (bars.Count <= 31)
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{i * slot + slot / 2:0.#}\" y=\"{height + 15}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#4a5866\">{WebUtility.HtmlEncode(bars[i].Label)}</text>");
        }
        return svg.Append("</svg>").ToString();
    }
}
