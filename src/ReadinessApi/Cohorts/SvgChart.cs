using System.Globalization;
using System.Security;
using System.Text;

namespace ReadinessApi.Cohorts;

/// <summary>What every chart of the service shares: the SVG element, its accessible title and description, a white page, and the heading.</summary>
public static class SvgChart
{
    /// <summary>Opens the document: svg, title, desc, background, the title line and the subtitle line (left to the caller to close with &lt;/svg&gt;).</summary>
    public static StringBuilder Open(int width, int height, string title, string subtitle, string description, int fontSize = 12, int capacity = 4096)
    {
        var svg = new StringBuilder(capacity);
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="title desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="{fontSize}">""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="title">{Escape(title)}</title>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<desc id="desc">{Escape(description)}</desc>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{width}" height="{height}" fill="#ffffff"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="16" y="26" font-size="17" font-weight="600" fill="#111111">{Escape(title)}</text>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="16" y="46" fill="#333333">{Escape(subtitle)}</text>""").Append('\n');
        return svg;
    }

    public static string Escape(string text) => SecurityElement.Escape(text);
}
