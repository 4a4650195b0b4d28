using ReadinessApi.Cohorts;
using ReadinessApi.Groups;
using ReadinessApi.Infrastructure.Caching;
using ReadinessApi.Batch;
using ReadinessApi.Infrastructure.Errors;
using ReadinessApi.Infrastructure.Health;
using ReadinessApi.Infrastructure.Json;
using ReadinessApi.Infrastructure.OpenApi;
using ReadinessApi.Infrastructure.Security;
using ReadinessApi.Infrastructure.Startup;
using ReadinessApi.Infrastructure.Telemetry;
using ReadinessApi.Infrastructure.Validation;
using ReadinessApi.Methodologies;
using ReadinessApi.Scores;
using ReadinessApi.Sensitivity;

// The content root is the application's own folder, so appsettings.json is found wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddStartupFailures();
builder.AddTelemetry();
builder.AddJson();
builder.AddProblemResponses();
builder.AddSecurity();
builder.AddValidation();
builder.AddScoring();
builder.AddCaching();
builder.AddCohorts();
builder.AddGroups();
builder.AddSensitivity();
builder.AddBatch();
builder.AddHealth();
builder.AddOpenApiDocument();

var app = builder.Build();

app.UseTelemetry();
app.UseProblemResponses();
app.MapOpenApiDocument();
app.UseSecurity();
app.MapTelemetry();
app.MapHealth();
app.MapScores();
app.MapCompare();
app.MapSensitivity();
app.MapBatch();
app.MapMethodologies();
app.MapCohorts();
app.MapGroups();

return app.RunOrExplain();

/// <summary>The entry point, public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
