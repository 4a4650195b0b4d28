using System.ComponentModel.DataAnnotations;

namespace ReadinessApi.Infrastructure.Security;

/// <summary>
/// Optional API keys, off by default. Keys are configured as SHA-256 hashes (hex), never in clear, so a
/// leaked configuration or Secret does not leak a usable key: <c>printf %s "$KEY" | sha256sum</c>.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "ApiKeys";

    public bool Enabled { get; set; }

    public List<ApiKeyEntry> Keys { get; set; } = [];
}

public sealed class ApiKeyEntry
{
    /// <summary>Who holds the key: the rate-limit partition and the name in logs (the key itself never is).</summary>
    [Required]
    public string Name { get; set; } = "";

    /// <summary>Lower- or upper-case hex SHA-256 of the key.</summary>
    [Required, RegularExpression("^[0-9a-fA-F]{64}$")]
    public string Hash { get; set; } = "";

    /// <summary>OperationIds this key may call (e.g. ScoreCountry); empty means every operation.</summary>
    public List<string> Operations { get; set; } = [];
}
