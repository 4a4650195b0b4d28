using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using ReadinessApi.Batch;
using ReadinessApi.Cohorts;
using ReadinessApi.Infrastructure.Validation;
using ReadinessApi.Methodologies;
using ReadinessApi.Sensitivity;
using ReadinessApi.Scores;
using ReadinessApi.Scoring;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ReadinessApi.Infrastructure.OpenApi;

/// <summary>
/// The value sets and ranges of the contract that the C# types cannot say: shares on 0–1, scores on 0–100,
/// ranks from 1, hashes and country codes by pattern, closed sets (tier labels, taken from the
/// methodologies the service ships, so the enum follows the catalog) as enums, and on requests every
/// limit the validators enforce that OpenAPI can state, read from the same <see cref="ContractLimits"/>
/// and settings the validators read. Kept in one table so the contract's bounds are read in one place.
/// </summary>
internal sealed class ContractSchemaFilter(MethodologyCatalog catalog, IOptions<SensitivityOptions> sensitivity) : ISchemaFilter
{
    public const string HashPattern = "^[0-9a-f]{64}$";

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema s || s.Properties is null)
        {
            return;
        }
        var tiers = catalog.All.SelectMany(m => m.Document.Tiers).Select(t => t.Label).Distinct().ToArray();
        var t = context.Type;
        if (t == typeof(ScoreRequest) || t == typeof(CompareBaseline) || t == typeof(SensitivityItem))
        {
            Pattern(s, "country", ContractLimits.CountryPattern);
            Property(s, "inputs").MinProperties = ContractLimits.MinInputs;
            if (s.Properties.ContainsKey("year"))
            {
                Range(s, "year", ContractLimits.MinYear, ContractLimits.MaxYear);
            }
        }
        else if (t == typeof(CompareRequest))
        {
            Count(s, "scenarios", 1, ContractLimits.MaxScenarios);
        }
        else if (t == typeof(SensitivityRequest))
        {
            var limits = sensitivity.Value;
            Range(s, "draws", ContractLimits.MinDraws, limits.MaxDraws);
            Range(s, "weightNoise", ContractLimits.MinWeightNoise, ContractLimits.MaxWeightNoise);
            Count(s, "items", 1, limits.MaxItems);
            var aggregations = Property(s, "aggregations");
            aggregations.UniqueItems = true;
            const string rules = "RootAggregation";
            if (!context.SchemaRepository.Schemas.ContainsKey(rules))
            {
                context.SchemaRepository.AddDefinition(rules, new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = [.. SensitivityEndpoints.AggregationNames.Select(n => (JsonNode)JsonValue.Create(n))],
                    Description = "A rule that combines the pillars, in the methodology document's words; harmonic is its generalisedMean with p = −1.",
                });
            }
            aggregations.Items = new OpenApiSchemaReference(rules);
            // Exactly one of cohort and items. Required-only alternatives keep generated clients' models plain
            // (Kiota turns alternatives with properties into a composed type); the server also takes a null as absent.
            s.OneOf =
            [
                new OpenApiSchema { Required = new HashSet<string> { "cohort" } },
                new OpenApiSchema { Required = new HashSet<string> { "items" } },
            ];
        }
        else if (t == typeof(ScoreResponse))
        {
            Pattern(s, "country", ContractLimits.CountryPattern);
            Range(s, "year", ContractLimits.MinYear, ContractLimits.MaxYear);
            Range(s, "score", 0, 100);
            Range(s, "coverage", 0, 1);
            TierLabel(s, "tier", tiers, context);
            TierLabel(s, "nextTier", tiers, context);
            Range(s, "pointsToNextTier", 0, null);
            Range(s, "rank", 1, null);
            Range(s, "cohortSize", 1, null);
            Range(s, "percentile", 0, 1);
            Range(s, "groupSize", 1, null);
        }
        else if (t == typeof(NodeExplanation))
        {
            Range(s, "normalized", 0, 100);
            Range(s, "weight", 0, 1);
            Range(s, "effectiveWeight", 0, 1);
            Range(s, "coverage", 0, 1);
        }
        else if (t == typeof(MethodologyReference) || t == typeof(MethodologySummary) || t == typeof(MethodologyResponse))
        {
            Pattern(s, "hash", HashPattern);
        }
        else if (t == typeof(MethodologyDocument))
        {
            Range(s, "minCoverage", 0, 1);
            Range(s, "geometricFloor", 0, null);
        }
        else if (t == typeof(NodeDocument))
        {
            Range(s, "weight", 0, null);
        }
        else if (t == typeof(Goalposts))
        {
            if (s.Properties.TryGetValue("direction", out var d) && d is OpenApiSchema direction)
            {
                direction.Enum = [JsonValue.Create(1), JsonValue.Create(-1)];
                direction.Description = "1: higher is better; −1: lower is better.";
            }
        }
        else if (t == typeof(Tier))
        {
            TierLabel(s, "label", tiers, context);
        }
        else if (t == typeof(CoverageProblemDetails))
        {
            Range(s, "coverage", 0, 1);
            Range(s, "minCoverage", 0, 1);
            Property(s, "status").Enum = [JsonValue.Create(StatusCodes.Status422UnprocessableEntity)];
        }
        else if (t == typeof(BatchResponse))
        {
            Property(s, "rank").Enum = [JsonValue.Create("none"), JsonValue.Create("batch"), JsonValue.Create("cohort")];
        }
        else if (t == typeof(BatchResult))
        {
            // country echoes the input, valid or not (an invalid one is this item's error).
            Range(s, "index", 0, null);
            Range(s, "score", 0, 100);
            TierLabel(s, "tier", tiers, context);
            Range(s, "rank", 1, null);
            Range(s, "percentile", 0, 1);
            Range(s, "coverage", 0, 1);
        }
        else if (t == typeof(CohortSummary))
        {
            Range(s, "size", 0, null);
            Pattern(s, "hash", HashPattern);
        }
        else if (t == typeof(RankingEntry))
        {
            Pattern(s, "country", ContractLimits.CountryPattern);
            Range(s, "rank", 1, null);
            Range(s, "score", 0, 100);
            TierLabel(s, "tier", tiers, context);
            Range(s, "coverage", 0, 1);
            Range(s, "percentile", 0, 1);
        }
        else if (t == typeof(SensitivityResponse))
        {
            Range(s, "draws", 1, null);
            Range(s, "weightNoise", 0, 1);
            Range(s, "meanRankShift", 0, null);
            Range(s, "ranked", 0, null);
        }
        else if (t == typeof(CountrySensitivity))
        {
            Pattern(s, "country", ContractLimits.CountryPattern);
            Range(s, "rank", 1, null);
            Range(s, "medianRank", 1, null);
            Range(s, "p5Rank", 1, null);
            Range(s, "p95Rank", 1, null);
            Range(s, "score", 0, 100);
            Range(s, "scoreLow", 0, 100);
            Range(s, "scoreHigh", 0, 100);
            Range(s, "rankedDraws", 0, null);
            Range(s, "coverage", 0, 1);
        }
        else if (t == typeof(ScoreScale))
        {
            Range(s, "max", 0, 100);
        }
    }

    private static OpenApiSchema Property(OpenApiSchema s, string name) =>
        s.Properties!.TryGetValue(name, out var p) && p is OpenApiSchema property
            ? property
            : throw new InvalidOperationException($"The contract table names a property '{name}' that the schema does not have (or holds as a reference).");

    private static void Range(OpenApiSchema s, string name, double? min, double? max)
    {
        var p = Property(s, name);
        p.Minimum = min?.ToString(CultureInfo.InvariantCulture);
        p.Maximum = max?.ToString(CultureInfo.InvariantCulture);
    }

    private static void Count(OpenApiSchema s, string name, int min, int max)
    {
        var p = Property(s, name);
        p.MinItems = min;
        p.MaxItems = max;
    }

    private static void Pattern(OpenApiSchema s, string name, string pattern) => Property(s, name).Pattern = pattern;

    /// <summary>Tier labels are one named enum (one type in generated clients), wherever a tier appears.</summary>
    private static void TierLabel(OpenApiSchema s, string name, IEnumerable<string> labels, SchemaFilterContext context)
    {
        const string id = "TierLabel";
        if (!context.SchemaRepository.Schemas.ContainsKey(id))
        {
            context.SchemaRepository.AddDefinition(id, new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [.. labels.Select(v => (JsonNode)JsonValue.Create(v))],
                Description = "A tier label, from the highest tier down, over all the methodologies the service ships.",
            });
        }
        var description = Property(s, name).Description;
        s.Properties![name] = new OpenApiSchemaReference(id) { Description = description };
    }
}
