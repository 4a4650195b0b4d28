using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ReadinessApi.Infrastructure.Json;
using ReadinessApi.Scoring.Countries;

namespace ReadinessApi.Batch;

/// <summary>
/// JSON (<c>{"methodology": ..., "results": [...], "summary": ...}</c>) or NDJSON (one result per line)
/// written with one <see cref="Utf8JsonWriter"/> straight into the response buffer; absent values are left
/// out, as everywhere in this API.
/// </summary>
internal sealed class JsonBatchWriter : BatchWriter
{
    private static readonly JsonEncodedText IndexName = JsonEncodedText.Encode("index");
    private static readonly JsonEncodedText CountryName = JsonEncodedText.Encode("country");
    private static readonly JsonEncodedText YearName = JsonEncodedText.Encode("year");
    private static readonly JsonEncodedText ScoreName = JsonEncodedText.Encode("score");
    private static readonly JsonEncodedText TierName = JsonEncodedText.Encode("tier");
    private static readonly JsonEncodedText RankName = JsonEncodedText.Encode("rank");
    private static readonly JsonEncodedText PercentileName = JsonEncodedText.Encode("percentile");
    private static readonly JsonEncodedText CoverageName = JsonEncodedText.Encode("coverage");
    private static readonly JsonEncodedText MinCoverageName = JsonEncodedText.Encode("minCoverage");
    private static readonly JsonEncodedText PillarsName = JsonEncodedText.Encode("pillars");
    private static readonly JsonEncodedText ErrorName = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText[] Countries =
        [default, .. Enumerable.Range(1, CountryIndex.Count).Select(id => JsonEncodedText.Encode(CountryIndex.CodeOf((ushort)id)))];

    private readonly Utf8JsonWriter _json;
    private readonly bool _lines;

    public JsonBatchWriter(IBufferWriter<byte> output, BatchPlan plan, bool lines, JavaScriptEncoder? encoder) : base(output, plan)
    {
        _lines = lines;
        _json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true, Encoder = encoder });
    }

    public override void WriteStart(BatchStart start)
    {
        if (_lines)
        {
            return;
        }
        _json.WriteStartObject();
        _json.WriteStartObject("methodology");
        _json.WriteString("id", start.Methodology.Id);
        _json.WriteString("version", start.Methodology.Version);
        _json.WriteString("hash", start.Methodology.Hash);
        _json.WriteEndObject();
        _json.WriteString("rank", start.Rank);
        if (start.Cohort is { } cohort)
        {
            _json.WriteString("cohort", cohort);
        }
        if (start.Notes.Count > 0)
        {
            _json.WriteStartArray("notes");
            foreach (var note in start.Notes)
            {
                _json.WriteStringValue(note);
            }
            _json.WriteEndArray();
        }
        _json.WriteStartArray("results");
        _json.Flush();
    }

    public override void WriteRow(in BatchResultRow row)
    {
        var json = _json;
        json.WriteStartObject();
        json.WriteNumber(IndexName, row.Index);
        if (row.CountryId != 0)
        {
            json.WriteString(CountryName, Countries[row.CountryId]);
        }
        else if (row.CountryText is { } text)
        {
            json.WriteString(CountryName, text);
        }
        if (row.Year != 0)
        {
            json.WriteNumber(YearName, row.Year);
        }
        if (!double.IsNaN(row.Score))
        {
            ReadableNumber.Write(json, ScoreName, row.Score);
        }
        if (row.Tier >= 0)
        {
            json.WriteString(TierName, Plan.TierNames[row.Tier]);
        }
        if (row.Rank > 0)
        {
            json.WriteNumber(RankName, row.Rank);
            ReadableNumber.Write(json, PercentileName, row.Percentile);
        }
        if (!double.IsNaN(row.Coverage))
        {
            ReadableNumber.Write(json, CoverageName, row.Coverage);
        }
        var pillars = row.Pillars;
        bool open = false;
        for (int j = 0; j < pillars.Length; j++)
        {
            if (double.IsNaN(pillars[j]))
            {
                continue;
            }
            if (!open)
            {
                json.WriteStartObject(PillarsName);
                open = true;
            }
            ReadableNumber.Write(json, Plan.PillarNames[j], pillars[j]);
        }
        if (open)
        {
            json.WriteEndObject();
        }
        if (row.Error is { } error)
        {
            json.WritePropertyName(ErrorName);
            WriteProblem(json, error);
        }
        json.WriteEndObject();
        EndValue();
    }

    public override void WriteEnd(BatchEnd end)
    {
        if (_lines)
        {
            if (end.Failure is { } failure)
            {
                _json.WriteStartObject();
                _json.WritePropertyName(ErrorName);
                WriteFailure(_json, failure, end.TraceId);
                _json.WriteEndObject();
                EndValue();
            }
            return;
        }
        _json.WriteEndArray();
        _json.WriteStartObject("summary");
        _json.WriteNumber("rows", end.Rows);
        _json.WriteNumber("errors", end.Errors);
        if (end.Ranked is { } ranked)
        {
            _json.WriteNumber("ranked", ranked);
        }
        _json.WriteEndObject();
        if (end.Failure is { } f)
        {
            _json.WritePropertyName(ErrorName);
            WriteFailure(_json, f, end.TraceId);
        }
        _json.WriteEndObject();
        _json.Flush();
    }

    private void EndValue()
    {
        _json.Flush();
        if (_lines)
        {
            var span = Output.GetSpan(1);
            span[0] = (byte)'\n';
            Output.Advance(1);
            _json.Reset();
        }
    }

    private static void WriteProblem(Utf8JsonWriter json, BatchRowError error)
    {
        json.WriteStartObject();
        json.WriteString("title", error.Title);
        json.WriteNumber("status", error.Status);
        json.WriteNumber("index", error.Index);
        if (error.Line > 0)
        {
            json.WriteNumber("line", error.Line);
        }
        json.WriteStartObject("errors");
        foreach (var (field, messages) in error.Grouped())
        {
            json.WriteStartArray(field);
            foreach (var message in messages)
            {
                json.WriteStringValue(message);
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        if (error.Coverage is { } coverage)
        {
            ReadableNumber.Write(json, CoverageName, coverage);
        }
        if (error.MinCoverage is { } minCoverage)
        {
            ReadableNumber.Write(json, MinCoverageName, minCoverage);
        }
        json.WriteEndObject();
    }

    private static void WriteFailure(Utf8JsonWriter json, BatchFailure failure, string? traceId)
    {
        json.WriteStartObject();
        json.WriteString("title", failure.Title);
        json.WriteNumber("status", failure.Status);
        if (failure.Detail is { } detail)
        {
            json.WriteString("detail", detail);
        }
        if (failure.Errors is { } errors)
        {
            json.WriteStartObject("errors");
            foreach (var (field, messages) in errors)
            {
                json.WriteStartArray(field);
                foreach (var message in messages)
                {
                    json.WriteStringValue(message);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        if (traceId is not null)
        {
            json.WriteString("traceId", traceId);
        }
        json.WriteEndObject();
    }
}
