namespace ReadinessApi.Infrastructure.Validation;

/// <summary>
/// The contract's limits and the messages that state them, in one place: the request validators, the batch
/// readers (which check the same fields in CSV and JSON rows) and the OpenAPI schema all read them here.
/// </summary>
public static class ContractLimits
{
    public const int MinYear = 1900;
    public const int MaxYear = 2100;
    /// <summary>The shape of an ISO 3166-1 alpha-3 code; only the codes on the embedded list are accepted.</summary>
    public const string CountryPattern = "^[A-Z]{3}$";
    /// <summary>Inputs must name at least this many nodes.</summary>
    public const int MinInputs = 1;
    public const int MaxScenarios = 32;
    public const int MinDraws = 1;
    public const double MinWeightNoise = 0;
    public const double MaxWeightNoise = 1;

    public const string CountryRequired = "country is required.";
    public const string NoInputs = "inputs must hold at least one node value.";
    public static readonly string YearRange = $"year must be a whole number between {MinYear} and {MaxYear}.";

    public static bool IsYear(int year) => year is >= MinYear and <= MaxYear;

    /// <param name="text">The value sent, cut to a sane length by the caller where it may be long.</param>
    public static string NotACountry(ReadOnlySpan<char> text) =>
        $"'{text}' is not an ISO 3166-1 alpha-3 country code (three upper-case letters, e.g. RUS).";
}
