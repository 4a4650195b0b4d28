using System.Globalization;
using System.Text;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;
using ReadinessApi.Scoring.Groups;

namespace ReadinessApi.Cohorts;

/// <summary>
/// A cohort ranking as a self-contained SVG bar chart: one labelled bar per ranked member with its
/// score, coloured by tier, headed by the cohort and the methodology (id, version, hash) and footed by
/// the data's source and licence and the members that could not be ranked.
/// </summary>
public static class RankingChart
{
    private const int Width = 800;
    private const int LabelWidth = 250;
    private const int BarLeft = LabelWidth + 10;
    private const int BarMax = 440;
    private const int RowHeight = 18;
    private const int Top = 74;

    private static readonly Dictionary<string, string> TierColours = new(StringComparer.Ordinal)
    {
        ["leader"] = "#1b7837",
        ["advanced"] = "#5aae61",
        ["emerging"] = "#e08214",
        ["nascent"] = "#b2182b",
    };

    public static string Render(CohortRanking ranking, Cohort cohort, Methodology methodology, PeerGroup? group = null)
    {
        var ranked = ranking.Members.Where(m => m.Rank is not null).ToList();
        var unranked = ranking.Members.Where(m => m.Rank is null).ToList();
        double scaleMax = methodology.Document.Scale.Max;
        string format = scaleMax <= 1 ? "0.000" : "0.00";
        var footer = new List<string>();
        if (cohort.Metadata.Source is { } source)
        {
            footer.Add($"Source: {source}");
        }
        if (cohort.Metadata.License is { } license)
        {
            footer.Add($"Licence: {license}");
        }
        footer.Add(group is null
            ? $"{ranked.Count} of {cohort.Size} members ranked; ties share the best rank."
            : $"{ranked.Count} of the cohort's {ranking.Members.Count} members in {group.Name} ranked among themselves; ties share the best rank.");
        if (unranked.Count > 0)
        {
            footer.Add($"Not ranked: {string.Join(", ", unranked.Select(u => u.Country))} (insufficient or invalid inputs).");
        }
        int height = Top + ranked.Count * RowHeight + 16 + footer.Count * 16 + 12;
        string title = $"{cohort.Metadata.Title ?? cohort.Id}: ranking" + (group is null ? "" : $" within {group.Name}");
        string subtitle = $"Methodology: {methodology.Title} ({methodology.Id} {methodology.Version}, hash {methodology.Hash[..12]})"
            + (ranking.Scale is not null ? ", rescaled over the cohort" : "");

        var svg = SvgChart.Open(Width, height, title, subtitle, $"{subtitle}. {ranked.Count} countries, best first.", capacity: 256 + (ranked.Count * 400));
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{BarLeft}" y="{Top - 8}" fill="#555555">Score (0–{scaleMax.ToString("0.##", CultureInfo.InvariantCulture)})</text>""").Append('\n');
        for (int i = 0; i < ranked.Count; i++)
        {
            var m = ranked[i];
            double score = m.Score!.Value;
            int y = Top + i * RowHeight;
            double width = Math.Clamp(score / scaleMax, 0, 1) * BarMax;
            string colour = m.Tier is { } tier && TierColours.TryGetValue(tier, out var c) ? c : "#2166ac";
            string label = $"{m.Rank}. {m.Name} ({m.Country})";
            string value = score.ToString(format, CultureInfo.InvariantCulture);
            svg.Append(CultureInfo.InvariantCulture, $"""<g><title>{Escape(label)}: {value}{(m.Tier is null ? "" : $" ({m.Tier})")}</title>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{LabelWidth}" y="{y + 13}" text-anchor="end" fill="#111111">{Escape(Shorten(label, 40))}</text>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{BarLeft}" y="{y + 3}" width="{width:0.##}" height="{RowHeight - 5}" fill="{colour}"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{BarLeft + width + 5:0.##}" y="{y + 13}" fill="#111111">{value}</text></g>""").Append('\n');
        }
        int footerY = Top + ranked.Count * RowHeight + 20;
        foreach (var line in footer)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="16" y="{footerY}" fill="#555555" font-size="11">{Escape(Shorten(line, 140))}</text>""").Append('\n');
            footerY += 16;
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Escape(string text) => SvgChart.Escape(text);
}
