namespace ReadinessApi.Scoring.Cohorts;

/// <summary>
/// A small RFC 4180 reader for cohort files: comma-separated, optional double quotes (a doubled quote
/// inside is one quote), CRLF or LF. It remembers the line each record starts on, so every error can
/// name the exact line; blank lines are skipped.
/// Not Sep (which the batch endpoint and the importers use): Sep accepts a quote inside an unquoted field
/// and an unclosed quote without complaint, the latter swallowing the rest of the file into one field, and
/// a cohort file must be refused at start-up with the line and column of such a mistake, never half-loaded.
/// Cohort files are small and read once, so a strict reader costs nothing measurable.
/// </summary>
internal sealed class CsvReader(string text)
{
    private int _position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
    private int _line = 1;

    /// <summary>The line the last record read starts on.</summary>
    public int Line { get; private set; }

    /// <summary>The next record's fields, or null at the end. Throws <see cref="CsvSyntaxException"/> on a broken quote.</summary>
    public List<string>? Read()
    {
        while (_position < text.Length && text[_position] is '\r' or '\n')
        {
            ConsumeNewline();
        }
        if (_position >= text.Length)
        {
            return null;
        }
        Line = _line;
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        while (true)
        {
            field.Clear();
            if (_position < text.Length && text[_position] == '"')
            {
                int openedOn = _line;
                _position++;
                while (true)
                {
                    if (_position >= text.Length)
                    {
                        throw new CsvSyntaxException(openedOn, fields.Count + 1, "a quoted field is never closed");
                    }
                    char c = text[_position++];
                    if (c == '"')
                    {
                        if (_position < text.Length && text[_position] == '"')
                        {
                            field.Append('"');
                            _position++;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n')
                    {
                        _line++;
                    }
                    field.Append(c);
                }
                if (_position < text.Length && text[_position] is not (',' or '\r' or '\n'))
                {
                    throw new CsvSyntaxException(_line, fields.Count + 1, "text follows the closing quote of a quoted field");
                }
            }
            else
            {
                while (_position < text.Length && text[_position] is not (',' or '\r' or '\n'))
                {
                    if (text[_position] == '"')
                    {
                        throw new CsvSyntaxException(_line, fields.Count + 1, "a double quote inside an unquoted field (quote the whole field and double the quote)");
                    }
                    field.Append(text[_position++]);
                }
            }
            fields.Add(field.ToString());
            if (_position < text.Length && text[_position] == ',')
            {
                _position++;
                continue;
            }
            if (_position < text.Length)
            {
                ConsumeNewline();
            }
            return fields;
        }
    }

    private void ConsumeNewline()
    {
        if (text[_position] == '\r' && _position + 1 < text.Length && text[_position + 1] == '\n')
        {
            _position++;
        }
        _position++;
        _line++;
    }
}

/// <summary>A quoting error at a line and field.</summary>
internal sealed class CsvSyntaxException(int line, int column, string message) : FormatException(message)
{
    public int Line { get; } = line;
    public int Column { get; } = column;
}
