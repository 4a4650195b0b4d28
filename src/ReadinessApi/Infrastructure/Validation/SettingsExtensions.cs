using Microsoft.Extensions.Options;

namespace ReadinessApi.Infrastructure.Validation;

public static class SettingsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to the configuration section <paramref name="section"/> so that a setting
    /// the service does not have (a misspelt key, a key of an older version) or a value out of its range stops
    /// start-up with its name, instead of being ignored while the default silently applies. The section is
    /// recorded (<see cref="SettingsSection"/>) so that the failure can name the key as the user wrote it.
    /// </summary>
    public static OptionsBuilder<T> BindSettings<T>(this IServiceCollection services, string section) where T : class
    {
        services.AddSingleton(new SettingsSection(section, typeof(T)));
        return services.AddOptions<T>()
            .BindConfiguration(section, o => o.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }
}
