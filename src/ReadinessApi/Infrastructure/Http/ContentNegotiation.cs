using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ReadinessApi.Infrastructure.Http;

/// <summary>
/// Proactive negotiation (RFC 9110 §12.5.1) for the operations that answer in several media types: the
/// framework's result types write one fixed type, and MVC's output formatters are not part of minimal APIs.
/// </summary>
public static class ContentNegotiation
{
    /// <summary>
    /// The offered media type the client rates highest in <c>Accept</c>. A type's rating is that of the most
    /// specific range that covers it (<c>text/csv</c> over <c>text/*</c> over <c>*/*</c>); ties go to the range
    /// the client listed first, then to the order of <paramref name="offered"/>. No header, or one that does not
    /// parse, takes the first offered. Null when the header rates every offered type 0 or covers none: a 406.
    /// </summary>
    public static string? Choose(StringValues accept, IReadOnlyList<string> offered)
    {
        if (StringValues.IsNullOrEmpty(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0)
        {
            return offered[0];
        }
        string? chosen = null;
        (double Quality, int Position) best = (0, int.MaxValue);
        foreach (var type in offered)
        {
            var slash = type.IndexOf('/');
            int specificity = -1, position = -1;
            double quality = 0;
            for (int i = 0; i < ranges.Count; i++)
            {
                var range = ranges[i].MediaType;
                int s = range.Equals(type, StringComparison.OrdinalIgnoreCase) ? 2
                    : range.Equals(type[..slash] + "/*", StringComparison.OrdinalIgnoreCase) ? 1
                    : range.Equals("*/*", StringComparison.Ordinal) ? 0
                    : -1;
                if (s > specificity)
                {
                    (specificity, position, quality) = (s, i, ranges[i].Quality ?? 1);
                }
            }
            if (specificity >= 0 && quality > 0 && (quality > best.Quality || (quality == best.Quality && position < best.Position)))
            {
                (chosen, best) = (type, (quality, position));
            }
        }
        return chosen;
    }

    /// <summary>The 406 answer. The client accepts no problem document either; it gets one all the same (AnyAcceptProblemWriter).</summary>
    public static ProblemHttpResult NotAcceptable(IReadOnlyList<string> offered) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status406NotAcceptable,
        Title = "Not acceptable.",
        Detail = $"This operation answers in {Listed(offered)}: accept one of them (or */*).",
    });

    private static string Listed(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " or " + items[^1];
}
