using System.ComponentModel.DataAnnotations;

namespace ReadinessApi.Infrastructure.Security;

/// <summary>
/// The proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the service believes (the
/// ingress controller). From any other peer those headers are ignored, so a client cannot choose its own
/// identity (and so its rate-limit budget). Empty by default: nothing is believed until it is named.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.3.7</c> or <c>::1</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. <c>10.244.0.0/16</c> (a pod network).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>
    /// How many proxies (from the right of <c>X-Forwarded-For</c>) are walked back; each hop must itself be
    /// trusted for the next one to be believed. 1 fits one ingress in front of the service.
    /// </summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;
}
