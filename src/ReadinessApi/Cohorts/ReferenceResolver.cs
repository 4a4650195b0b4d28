using Microsoft.AspNetCore.Http.HttpResults;
using ReadinessApi.Infrastructure.Errors;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;
using ReadinessApi.Scoring.Groups;

namespace ReadinessApi.Cohorts;

/// <summary>Where a request names its methodology, cohort and group: it decides the field names and the fix a message suggests.</summary>
public enum NamedIn
{
    /// <summary>JSON body fields <c>methodology</c>, <c>cohort</c>, <c>group</c>; the methodology defaults to <c>readiness-v1</c>.</summary>
    Body,
    /// <summary>Query parameters; the methodology defaults to <c>readiness-v1</c>.</summary>
    Query,
    /// <summary>The cohort in the path, methodology and group as query parameters; the methodology defaults to the cohort's own.</summary>
    CohortPath,
}

/// <summary>What a request's methodology, cohort and group resolved to.</summary>
/// <param name="MethodologyDefaulted">True when the request named no methodology and the default was used.</param>
public sealed record Reference(Methodology Methodology, Cohort? Cohort, PeerGroup? Group, bool MethodologyDefaulted)
{
    /// <summary>Membership of <see cref="Group"/> as a set lookup; null without a group.</summary>
    public Func<string, bool>? InGroup { get; } = Group is null ? null : Group.Members.ToHashSet(StringComparer.Ordinal).Contains;
}

/// <summary>
/// Turns the methodology, cohort and group a request names into what its handler needs, for every
/// endpoint alike, or into the problem answer: an unknown methodology or cohort is a 404; a group without
/// a cohort, an unknown group, or a cohort that carries none of the methodology's inputs is a 400 naming
/// the field. Every message says what was resolved (defaults included) and what would work.
/// </summary>
public sealed class ReferenceResolver(MethodologyCatalog catalog, CohortRegistry cohorts, PeerGroupCatalog groups)
{
    /// <summary>
    /// The resolver the documented examples use: the embedded methodologies and groups, and the example
    /// cohort as the only cohort, so the document does not depend on what a deployment mounts.
    /// </summary>
    public static ReferenceResolver Examples { get; } =
        new(MethodologyCatalog.Embedded, new CohortRegistry([CohortExamples.Cohort]), PeerGroupCatalog.Embedded);

    /// <summary>The problem answer a documented example shows, as a request naming these gets it.</summary>
    public static ProblemHttpResult Example(string? methodology, string? cohort, string? group, NamedIn where) =>
        Examples.Resolve(methodology, cohort, group, where, out _) ?? throw new InvalidOperationException("The example resolves: it shows no problem.");

    /// <summary>How many group ids a message names before pointing at the list.</summary>
    private const int GroupsNamed = 8;

    /// <summary>The methodology a request body or query names, or the default; null when there is none by that id.</summary>
    public Methodology? MethodologyOf(string? id) => catalog.TryGet(id ?? MethodologyCatalog.DefaultId, out var m) ? m : null;

    /// <summary>Null and <paramref name="reference"/> set, or the problem answer.</summary>
    public ProblemHttpResult? Resolve(string? methodology, string? cohort, string? group, NamedIn where, out Reference reference)
    {
        reference = null!;
        Cohort? c = null;
        bool cohortKnown = cohort is null || cohorts.TryGet(cohort, out c);
        if (!cohortKnown && where == NamedIn.CohortPath)
        {
            return UnknownCohort(cohort!);
        }
        bool defaulted = methodology is null;
        var methodologyId = methodology ?? (where == NamedIn.CohortPath ? c?.Metadata.Methodology : null);
        if (MethodologyOf(methodologyId) is not { } m)
        {
            return Problems.UnknownMethodology(catalog, methodologyId ?? MethodologyCatalog.DefaultId);
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        PeerGroup? g = null;
        if (group is not null)
        {
            if (cohort is null)
            {
                errors["group"] = [$"Group '{group}' ranks within a cohort, and this request names none: add {Suggest(where, "cohort", "<id>")} ({Known("cohorts", cohorts.All.Select(x => x.Id))})."];
            }
            else if (!groups.TryGet(group, out g))
            {
                var ids = groups.All.Select(x => x.Id).ToList();
                errors["group"] = [$"Unknown group '{group}'. Groups include {string.Join(", ", ids.Take(GroupsNamed))}{(ids.Count > GroupsNamed ? ", ..." : "")}; GET /v1/groups lists all {ids.Count}."];
            }
        }
        if (!cohortKnown)
        {
            // A field that is wrong on its face (400) is answered before a lookup that failed (404).
            return errors.Count > 0 ? Problems.Invalid(errors) : UnknownCohort(cohort!);
        }
        if (c is not null && !c.Carries(m))
        {
            errors[where == NamedIn.CohortPath ? "methodology" : "cohort"] = [NotCarried(c, m, defaulted, where)];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        reference = new Reference(m, c, g, defaulted);
        return null;
    }

    public ProblemHttpResult UnknownCohort(string id) =>
        Problems.NotFound("cohort", id, [.. cohorts.All.Select(x => x.Id)], "GET /v1/cohorts");

    /// <summary>
    /// E.g. "cohort 'imf-aipi-2023' is for methodology 'imf-aipi-2023'; this request used the default
    /// 'readiness-v1'; add "methodology": "imf-aipi-2023"".
    /// </summary>
    private string NotCarried(Cohort cohort, Methodology m, bool defaulted, NamedIn where)
    {
        string used = defaulted ? $"this request used the default '{m.Id}'" : $"this request named '{m.Id}'";
        string fix(string id) => $"{(defaulted ? "add" : "use")} {Suggest(where, "methodology", id)}";
        if (cohort.Metadata.Methodology is { } own && own != m.Id)
        {
            return $"Cohort '{cohort.Id}' is for methodology '{own}'; {used}, whose inputs it does not carry; {fix(own)}.";
        }
        var carried = catalog.All.Where(cohort.Carries).Select(x => x.Id).ToList();
        return $"Cohort '{cohort.Id}' carries no inputs of methodology '{m.Id}' (its columns: {string.Join(", ", cohort.Columns)}); {used}; "
            + (carried.Count == 0 ? "it carries the inputs of no methodology this service has." : $"{fix(carried[0])}{(carried.Count > 1 ? $" (or {string.Join(", ", carried.Skip(1))})" : "")}.");
    }

    private static string Suggest(NamedIn where, string field, string value) =>
        where == NamedIn.Body ? $"\"{field}\": \"{value}\"" : $"{field}={value}";

    private static string Known(string kind, IEnumerable<string> ids) =>
        ids.ToList() is { Count: > 0 } list ? $"this deployment has: {string.Join(", ", list)}" : $"this deployment has no {kind}";
}
