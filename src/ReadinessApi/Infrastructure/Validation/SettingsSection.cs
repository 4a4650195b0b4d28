namespace ReadinessApi.Infrastructure.Validation;

/// <summary>A configuration section and the options class it binds to.</summary>
public sealed record SettingsSection(string Section, Type Type);
