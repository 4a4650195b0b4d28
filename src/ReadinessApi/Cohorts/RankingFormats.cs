using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using ReadinessApi.Infrastructure.Errors;
using ReadinessApi.Infrastructure.Http;

namespace ReadinessApi.Cohorts;

/// <summary>
/// The formats a cohort ranking is answered in, each by its <c>format</c> name and its media type. The handler,
/// the negotiation and the contract (the <c>format</c> enum, the 200's media types) all read this one list.
/// </summary>
public static class RankingFormats
{
    public const string Json = "application/json";
    public const string Csv = "text/csv";
    public const string Svg = "image/svg+xml";

    /// <summary><c>format</c> name → media type; the first is the default where <c>Accept</c> leaves the choice open.</summary>
    public static IReadOnlyList<(string Name, string MediaType)> All { get; } = [("json", Json), ("csv", Csv), ("svg", Svg)];

    public static IReadOnlyList<string> MediaTypes { get; } = [.. All.Select(f => f.MediaType)];

    /// <summary>The media type <c>format</c> names, or null when it names none.</summary>
    public static string? MediaTypeOf(string format) => All.FirstOrDefault(f => f.Name == format).MediaType;

    /// <summary>
    /// The answer's media type among <paramref name="offered"/>: <c>format</c> decides when given, else <c>Accept</c>.
    /// A <c>format</c> that names none of them is a 400 (<paramref name="badFormat"/>); a null type without it is an
    /// <c>Accept</c> that admits none of them, a 406 (answered after the path's references are resolved).
    /// </summary>
    public static string? Negotiate(string? format, StringValues accept, IReadOnlyList<string> offered, out ProblemHttpResult? badFormat)
    {
        badFormat = null;
        if (format is null)
        {
            return ContentNegotiation.Choose(accept, offered);
        }
        if (MediaTypeOf(format) is { } type && offered.Contains(type))
        {
            return type;
        }
        var names = All.Where(f => offered.Contains(f.MediaType)).Select(f => f.Name);
        badFormat = Problems.Invalid("format", $"'{format}' is not a format of this operation: use {string.Join(", ", names)}.");
        return null;
    }

    public const string Rules =
        "`format` (`json`, `csv` or `svg`), when given, decides the answer's format and `Accept` is not consulted; " +
        "without it, `Accept` does: the type it rates highest among `application/json`, `text/csv` and `image/svg+xml` " +
        "(ties: the one it lists first; no `Accept`, or `*/*`: JSON). An `Accept` that admits none of the three is answered 406.";
}
