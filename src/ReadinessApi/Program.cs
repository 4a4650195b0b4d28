using ReadinessApi.Cohorts;
using ReadinessApi.Groups;
using ReadinessApi.Infrastructure.Caching;
using ReadinessApi.Batch;
using ReadinessApi.Infrastructure.Errors;
using ReadinessApi.Infrastructure.Health;
using ReadinessApi.Infrastructure.Json;
using ReadinessApi.Infrastructure.OpenApi;
using ReadinessApi.Infrastructure.Security;
using ReadinessApi.Infrastructure.Telemetry;
using ReadinessApi.Infrastructure.Validation;
using ReadinessApi.Methodologies;
using ReadinessApi.Scores;
using ReadinessApi.Sensitivity;

var builder = WebApplication.CreateBuilder(args);

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

app.Run();

/// <summary>The entry point, public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
