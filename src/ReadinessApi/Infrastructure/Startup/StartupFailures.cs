using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using ReadinessApi.Infrastructure.Validation;
using ReadinessApi.Scoring.Cohorts;
using ReadinessApi.Scoring.Groups;

namespace ReadinessApi.Infrastructure.Startup;

/// <summary>
/// A start-up failure an operator can fix is one line on standard error that says what to change, and an
/// exit code of its own (<see cref="ExitCodes"/>); never a stack trace. Anything else is not caught here and
/// keeps its stack trace: it is a bug.
/// </summary>
public static partial class StartupFailures
{
    /// <summary>
    /// The host logs "Hosting failed to start" with the whole stack trace before it throws; the console leaves
    /// that to <see cref="RunOrExplain"/>, which explains the failure or rethrows it (so a bug's stack trace is
    /// still printed, once). Other exporters (OTLP) keep the record.
    /// </summary>
    public static IHostApplicationBuilder AddStartupFailures(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddFilter<ConsoleLoggerProvider>("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        return builder;
    }

    /// <summary>Runs the service until it stops; returns the process's exit code.</summary>
    public static int RunOrExplain(this WebApplication app)
    {
        // Taken now: a host that failed to start has disposed of its services by the time it throws.
        var configuration = app.Configuration;
        var sections = app.Services.GetServices<SettingsSection>().ToArray();
        try
        {
            // Every setting is bound and validated now, before anything starts listening.
            app.Services.GetService<IStartupValidator>()?.Validate();
            app.Run();
            return 0;
        }
        // Only as the process's own entry point: hosted in a test (WebApplicationFactory runs this Main in the
        // test process), a failure must reach the test as the exception it is.
        catch (Exception e) when (Assembly.GetEntryAssembly() == typeof(StartupFailures).Assembly
            && Explain(e, configuration, sections) is { } failure)
        {
            Console.Error.WriteLine(failure.Line);
            return failure.ExitCode;
        }
    }

    /// <summary>The one line and exit code for a failure an operator can fix; null for anything else.</summary>
    public static (string Line, int ExitCode)? Explain(Exception failure, IConfiguration configuration, IEnumerable<SettingsSection> sections)
    {
        foreach (var e in Causes(failure))
        {
            switch (e)
            {
                case OptionsValidationException invalid:
                    return (Invalid(invalid, configuration, sections), ExitCodes.Configuration);
                case InvalidOperationException when e.Message.Contains(nameof(Microsoft.Extensions.Configuration.BinderOptions.ErrorOnUnknownConfiguration), StringComparison.Ordinal):
                    return (Unknown(configuration, sections) ?? OneLine(e.Message), ExitCodes.Configuration);
                case InvalidOperationException when e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                    return (OneLine(e.Message), ExitCodes.Configuration);
                case DirectoryNotFoundException:
                    return (OneLine(e.Message), ExitCodes.Configuration);
                case CohortFormatException or PeerGroupException:
                    return ($"Reference data: {OneLine(e.Message)}", ExitCodes.ReferenceData);
                case IOException when e.InnerException is AddressInUseException:
                    return (PortInUse(e.Message, configuration), ExitCodes.PortInUse);
            }
        }
        return null;
    }

    private static IEnumerable<Exception> Causes(Exception e)
    {
        var pending = new Stack<Exception>([e]);
        while (pending.TryPop(out var next))
        {
            yield return next;
            if (next is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Reverse())
                {
                    pending.Push(inner);
                }
            }
            else if (next.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    /// <summary>The first key in a bound section that its options class does not have, as the user wrote it.</summary>
    private static string? Unknown(IConfiguration configuration, IEnumerable<SettingsSection> sections)
    {
        foreach (var s in sections)
        {
            if (UnknownKey(configuration.GetSection(s.Section), s.Type) is var (key, type))
            {
                string parent = key[..key.LastIndexOf(':')];
                return $"Configuration: '{key}' is not a setting; {parent} has {string.Join(", ", Settable(type).Select(p => $"{parent}:{p.Name}"))}.";
            }
        }
        return null;
    }

    private static (string Key, Type Type)? UnknownKey(IConfigurationSection section, Type type)
    {
        foreach (var child in section.GetChildren())
        {
            var property = Settable(type).FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                return (child.Path, type);
            }
            var t = property.PropertyType;
            // Dictionaries and lists take any key; nested settings classes are checked as their own sections.
            if (t.IsClass && t != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(t) && UnknownKey(child, t) is { } nested)
            {
                return nested;
            }
        }
        return null;
    }

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true });

    private static string Invalid(OptionsValidationException e, IConfiguration configuration, IEnumerable<SettingsSection> sections)
    {
        string? section = sections.FirstOrDefault(s => s.Type == e.OptionsType)?.Section;
        var failure = e.Failures.FirstOrDefault() ?? e.Message;
        if (section is not null && DataAnnotationFailure().Match(failure) is { Success: true } m)
        {
            string key = $"{section}:{m.Groups["member"].Value}";
            return $"Configuration: '{key}' = '{configuration[key]}' is not allowed: {m.Groups["error"].Value}";
        }
        return $"Configuration{(section is null ? "" : $" ({section})")}: {OneLine(failure)}";
    }

    [GeneratedRegex(@"members: '(?<member>[^']+)' with the error: '(?<error>.*)'\.?$")]
    private static partial Regex DataAnnotationFailure();

    private static string PortInUse(string message, IConfiguration configuration)
    {
        var match = BoundAddress().Match(message);
        string address = match.Success ? match.Groups["address"].Value : "the configured address";
        string port = Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
        string setting =
            configuration["urls"] is not null ? "'urls' (ASPNETCORE_URLS, or --urls)" :
            configuration["http_ports"] is not null ? "'http_ports' (ASPNETCORE_HTTP_PORTS)" :
            configuration.GetSection("Kestrel:Endpoints").Exists() ? "'Kestrel:Endpoints'" :
            "'urls' (ASPNETCORE_URLS, or --urls)";
        return $"Port {port} is already in use ({address}); stop what holds it or choose another port with {setting}, e.g. --urls http://localhost:5081";
    }

    [GeneratedRegex(@"address (?<address>\S+?): address already in use", RegexOptions.IgnoreCase)]
    private static partial Regex BoundAddress();

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
