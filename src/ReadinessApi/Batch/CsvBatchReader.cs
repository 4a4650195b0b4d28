using System.Globalization;
using nietras.SeparatedValues;
using ReadinessApi.Scoring.Countries;

using ReadinessApi.Infrastructure.Validation;

namespace ReadinessApi.Batch;

/// <summary>
/// RFC 4180 CSV through Sep (quoted fields, embedded separators and line breaks, CRLF or LF, a UTF-8 BOM),
/// read from the request stream row by row. The header <c>country[,year],&lt;node ids...&gt;</c> maps columns
/// to nodes once; an empty cell is a missing value. Errors name <c>line:column</c> (both 1-based).
/// </summary>
internal sealed class CsvBatchReader : BatchReader
{
    private readonly SepReader _reader;
    private int _columns;
    private int _countryColumn = -1;
    private int _yearColumn = -1;
    private int[] _valueColumns = [];
    private int[] _valueNodes = [];
    private int[] _columnOfNode = [];
    private bool _checkAmbiguity;
    private int _index;

    private CsvBatchReader(BatchPlan plan, SepReader reader) : base(plan) => _reader = reader;

    public static async ValueTask<BatchReader> CreateAsync(BatchPlan plan, Stream body, CancellationToken cancellationToken)
    {
        // The header is read as a row of its own: Sep would reject duplicate names before we could name them.
        var sep = await Sep.New(',')
            .Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true })
            .FromAsync(body, leaveOpen: true, cancellationToken);
        var reader = new CsvBatchReader(plan, sep);
        await reader.ReadHeaderAsync(cancellationToken);
        return reader;
    }

    public override ValueTask DisposeAsync()
    {
        _reader.Dispose();
        return ValueTask.CompletedTask;
    }

    public override async ValueTask<bool> ReadAsync(BatchItem item, CancellationToken cancellationToken)
    {
        if (Failure is not null)
        {
            return false;
        }
        while (await _reader.MoveNextAsync(cancellationToken))
        {
            if (Fill(item))
            {
                return true;
            }
        }
        return false;
    }

    private async ValueTask ReadHeaderAsync(CancellationToken cancellationToken)
    {
        if (!await _reader.MoveNextAsync(cancellationToken))
        {
            Failure = BatchFailure.EmptyBody(BatchFormat.Csv);
            return;
        }
        var header = _reader.Current;
        _columns = header.ColCount;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var columns = new List<(int Column, int Node)>();
        _columnOfNode = new int[Plan.NodeCount];
        Array.Fill(_columnOfNode, -1);
        for (int c = 0; c < _columns; c++)
        {
            var name = header[c].Span.Trim().TrimStart('\uFEFF').Trim().ToString();
            var field = $"1:{c + 1}";
            if (name == "country")
            {
                Claim(ref _countryColumn, c, field, name, errors);
            }
            else if (name == "year")
            {
                Claim(ref _yearColumn, c, field, name, errors);
            }
            else if (Plan.TryGetNode(name, out int node))
            {
                if (_columnOfNode[node] >= 0)
                {
                    errors[field] = [$"Column '{name}' appears twice (first in column {_columnOfNode[node] + 1})."];
                    continue;
                }
                _columnOfNode[node] = c;
                columns.Add((c, node));
            }
            else
            {
                errors[field] = [name.Length == 0
                    ? "Empty column name: every column needs one."
                    : $"Unknown column '{Echo(name)}': the header is country[,year],<node ids...> with node ids of methodology '{Plan.Methodology.Id}' ({Plan.InputIds})."];
            }
        }
        if (_countryColumn < 0)
        {
            Failure = BatchFailure.Invalid(new Dictionary<string, string[]>(errors) { ["1"] = ["The first line must be the header country[,year],<node ids...>; it names no 'country' column."] },
                "A CSV batch starts with a header line.");
            return;
        }
        if (errors.Count > 0)
        {
            Failure = BatchFailure.Invalid(errors, "The CSV header names columns this methodology does not have.");
            return;
        }
        if (columns.Count == 0)
        {
            Failure = BatchFailure.Invalid("1", $"The header names no input column: add node ids of methodology '{Plan.Methodology.Id}' ({Plan.InputIds}).");
            return;
        }
        _valueColumns = [.. columns.Select(x => x.Column)];
        _valueNodes = [.. columns.Select(x => x.Node)];
        // Rows can only be ambiguous when the header names a node and one of its descendants.
        _checkAmbiguity = _valueNodes.Any(a => _valueNodes.Any(d => Plan.Methodology.IsAncestor(a, d)));
    }

    private static void Claim(ref int column, int c, string field, string name, Dictionary<string, string[]> errors)
    {
        if (column >= 0)
        {
            errors[field] = [$"Column '{name}' appears twice (first in column {column + 1})."];
            return;
        }
        column = c;
    }

    /// <summary>Fills the item from the current row; false for a blank line, which is no item.</summary>
    private bool Fill(BatchItem item)
    {
        var row = _reader.Current;
        int count = row.ColCount;
        if (count == 1 && row[0].Span.IsEmpty)
        {
            return false;
        }
        int line = row.LineNumberFrom;
        item.Reset(_index++, line, clearValues: false);
        if (count != _columns)
        {
            item.AddError(Field(line, Math.Min(count, _columns)), $"Expected {_columns} fields, as in the header; found {count}.");
            return true;
        }

        var country = row[_countryColumn].Span;
        if (CountryIndex.TryGetId(country, out ushort id) || CountryIndex.TryGetId(country.Trim(), out id))
        {
            item.CountryId = id;
        }
        else if (country.Trim().IsEmpty)
        {
            item.AddError(Field(line, _countryColumn), ContractLimits.CountryRequired);
        }
        else
        {
            item.KeepCountryText(country);
            item.AddError(Field(line, _countryColumn), NotACountry(country));
        }

        if (_yearColumn >= 0 && row[_yearColumn].Span is { IsEmpty: false } yearText)
        {
            if (int.TryParse(yearText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int year) && ContractLimits.IsYear(year))
            {
                item.Year = (short)year;
            }
            else
            {
                item.AddError(Field(line, _yearColumn), $"'{Echo(yearText)}': {ContractLimits.YearRange}");
            }
        }

        var values = item.Values;
        for (int k = 0; k < _valueColumns.Length; k++)
        {
            int node = _valueNodes[k];
            var col = row[_valueColumns[k]];
            var text = col.Span;
            values[node] = double.NaN;
            if (text.IsEmpty)
            {
                continue;
            }
            // Sep's parser first (the fast path), except on a comma: it reads thousands separators, so a decimal
            // comma ("1,5") would silently become 15. The framework's stricter parse takes the rest (trailing
            // blanks) and refuses commas.
            double x = 0;
            if (!(text.IndexOf(',') < 0 && col.TryParse(out x)) && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out x))
            {
                item.AddError(Field(line, _valueColumns[k]), $"'{Echo(text)}' is not a number.");
                continue;
            }
            if (SetValue(item, node, x) is { } message)
            {
                item.AddError(Field(line, _valueColumns[k]), message);
            }
        }
        if (item.ValueCount == 0 && item.Error is null)
        {
            item.AddError("inputs", ContractLimits.NoInputs);
        }
        if (_checkAmbiguity && Ambiguities(item) is { } ambiguous)
        {
            foreach (var error in ambiguous)
            {
                item.AddError(Plan.TryGetNode(error.NodeId, out int n) ? Field(line, _columnOfNode[n]) : error.NodeId, error.Message);
            }
        }
        return true;
    }

    private static string Field(int line, int column) => $"{line}:{column + 1}";
}
