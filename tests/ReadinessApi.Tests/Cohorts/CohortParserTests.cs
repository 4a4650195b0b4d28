using System.Text;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;

namespace ReadinessApi.Tests.Cohorts;

/// <summary>The cohort file format: what loads, what it means, and the exact place every error names.</summary>
public sealed class CohortParserTests
{
    private static readonly MethodologyCatalog Catalog = MethodologyCatalog.Embedded;
    private static readonly CohortMetadata Readiness = new(Methodology: "readiness-v1");

    private static Cohort Parse(string csv, CohortMetadata? metadata = null) =>
        CohortParser.Parse("test", "test.csv", csv, metadata, Catalog);

    private static CohortFormatException Fails(string csv, CohortMetadata? metadata = null) =>
        Assert.Throws<CohortFormatException>(() => Parse(csv, metadata));

    [Fact]
    public void Parse_ValidFile_ReadsMembersValuesAndGaps()
    {
        var cohort = Parse("country,name,innovation,implementation\r\nRUS,Russia,18.5,33\r\nDEU,\"Germany, Federal Republic\",40,\r\nFRA,,1e1,2.50\r\n\r\n", Readiness);

        Assert.Equal("test", cohort.Id);
        Assert.Equal(["innovation", "implementation"], cohort.Columns);
        Assert.Equal(3, cohort.Size);
        Assert.Equal(new Dictionary<string, double> { ["innovation"] = 18.5, ["implementation"] = 33 }, cohort.Members[0].Inputs);
        Assert.Equal("Germany, Federal Republic", cohort.Members[1].Name);
        Assert.False(cohort.Members[1].Inputs.ContainsKey("implementation"));
        // An empty name falls back to the ISO name; numbers may use exponents.
        Assert.True(cohort.TryGetMember("FRA", out var france));
        Assert.False(string.IsNullOrEmpty(france.Name));
        Assert.Equal(10, france.Inputs["innovation"]);
        Assert.True(cohort.Carries(Catalog["readiness-v1"]));
        Assert.False(cohort.Carries(Catalog["imf-aipi-2023"]));
    }

    [Fact]
    public void Hash_IgnoresRowOrderColumnOrderAndNumberSpelling_ButNotValues()
    {
        var a = Parse("country,name,innovation,implementation\nRUS,Russia,18.5,33\nDEU,Germany,40,\n");
        var b = Parse("country,name,implementation,innovation\nDEU,Germany,,40.0\nRUS,Russia,33.00,1.85e1\n");
        var c = Parse("country,name,innovation,implementation\nRUS,Russia,18.5,33\nDEU,Germany,40.01,\n");
        var d = Parse("country,name,innovation,implementation\nRUS,Russia,18.5,33\nDEU,Deutschland,40,\n");

        Assert.Equal(64, a.Hash.Length);
        Assert.Equal(a.Hash, b.Hash);
        Assert.NotEqual(a.Hash, c.Hash);
        Assert.NotEqual(a.Hash, d.Hash);
    }

    [Theory]
    [InlineData("country,name,innovation\nRUS,Russia,abc\n", 2, 3, "'abc' is not a number")]
    [InlineData("country,name,innovation\nRUS,Russia,NaN\n", 2, 3, "'NaN' is not a number")]
    [InlineData("country,name,innovation\nRUS,Russia,1,5\n", 2, 4, "the row has 4 fields, the header has 3")]
    [InlineData("country,name,innovation,implementation\nRUS,Russia,1\n", 2, 4, "missing column: the row has 3 fields, the header has 4 (column 'implementation' is missing)")]
    [InlineData("country,innovation\nRUS,1\n", 1, 2, "missing column 'name'")]
    [InlineData("iso3,name,innovation\nRUS,Russia,1\n", 1, 1, "missing column 'country'")]
    [InlineData("country,name\nRUS,Russia\n", 1, 3, "no node columns")]
    [InlineData("country,name,innovation,innovation\nRUS,Russia,1,2\n", 1, 4, "column 'innovation' appears more than once")]
    [InlineData("country,name,innovation\nRUS,Russia,1\nDEU,Germany,2\nRUS,Russia again,3\n", 4, 1, "duplicate country 'RUS' (first on line 2)")]
    [InlineData("country,name,innovation\nrus,Russia,1\n", 2, 1, "'rus' is not an ISO 3166-1 alpha-3 country code")]
    [InlineData("country,name,innovation\nXYZ,Nowhere,1\n", 2, 1, "'XYZ' is not an ISO 3166-1 alpha-3 country code")]
    [InlineData("country,name,innovation\n,Nobody,1\n", 2, 1, "country is empty")]
    [InlineData("country,name,magic\nRUS,Russia,1\n", 1, 3, "unknown node 'magic': not a node of any methodology")]
    [InlineData("country,name,innovation\nRUS,\"Russia,1\n", 2, 2, "a quoted field is never closed")]
    [InlineData("country,name,innovation\nRUS,Rus\"sia,1\n", 2, 2, "a double quote inside an unquoted field")]
    [InlineData("", 1, 1, "the file is empty")]
    [InlineData("country,name,innovation\n", 2, 1, "no members")]
    public void Parse_MalformedFile_NamesLineColumnAndReason(string csv, int line, int column, string reason)
    {
        var error = Fails(csv);
        Assert.Equal("test.csv", error.File);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(reason, error.Reason);
        Assert.StartsWith($"test.csv:{line}:{column}: ", error.Message);
    }

    [Fact]
    public void Parse_QuotedFieldOverSeveralLines_CountsLinesForLaterErrors()
    {
        var error = Fails("country,name,innovation\nRUS,\"Russian\nFederation\",1\nDEU,Germany,x\n");
        // The name's line break is a control character in a name: reported on the record's first line.
        Assert.Equal((2, 2), (error.Line, error.Column));
        var later = Fails("country,name,innovation\n\"RUS\",\"Russia\",1\n\nDEU,Germany,x\n");
        Assert.Equal((4, 3), (later.Line, later.Column));
    }

    [Theory]
    [InlineData("country,name,digitalInfrastructure\nRUS,Russia,0.1\n", 1, 3, "unknown node 'digitalInfrastructure': not an input node of methodology 'readiness-v1'")]
    [InlineData("country,name,readiness\nRUS,Russia,1\n", 1, 3, "unknown node 'readiness'")]
    [InlineData("country,name,innovation\nRUS,Russia,101\n", 2, 3, "101 is outside the scale of 'innovation' [0, 100]")]
    [InlineData("country,name,innovation,research\nRUS,Russia,10,20\n", 2, 4, "Both 'innovation' and its descendant 'research' were given")]
    public void Parse_WithDeclaredMethodology_ChecksNodesScalesAndAmbiguity(string csv, int line, int column, string reason)
    {
        var error = Fails(csv, Readiness);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void Parse_NodeAndDescendantInDifferentRows_IsAllowed()
    {
        var cohort = Parse("country,name,innovation,research\nRUS,Russia,10,\nDEU,Germany,,20\n", Readiness);
        Assert.Equal(2, cohort.Size);
    }

    [Fact]
    public void Parse_FileNameThatIsNoId_IsRejected()
    {
        var error = Assert.Throws<CohortFormatException>(() => CohortParser.Parse("My Cohort", "My Cohort.csv", "country,name,innovation\nRUS,Russia,1\n", null, Catalog));
        Assert.Contains("must be lower-case letters, digits and hyphens", error.Reason);
    }

    [Fact]
    public void Metadata_ValidFile_ReadsAllFieldsAndBothSpellingsOfLicence()
    {
        var m = CohortMetadata.Parse("x.json", """{ "title": "T", "source": "S", "licence": "L", "methodology": "gaii-2021" }"""u8, Catalog);
        Assert.Equal(new CohortMetadata("T", "S", "L", "gaii-2021"), m);
        Assert.Equal("L", CohortMetadata.Parse("x.json", """{"license":"L"}"""u8, Catalog).License);
    }

    [Fact]
    public void Metadata_ImporterFields_AreSkipped()
    {
        // The importer writes more than the service reads: sources, coverage, provenance, notes, warnings.
        var m = CohortMetadata.Parse("imf.json", """
            { "title": "IMF", "retrieved": "2026-11-25", "sources": [ { "address": "https://example.org", "licence": "x" } ],
              "coverage": { "digitalInfrastructure": 0.99 }, "mapping": null, "notes": [], "methodology": "imf-aipi-2023", "license": "L" }
            """u8, Catalog);
        Assert.Equal(new CohortMetadata("IMF", null, "L", "imf-aipi-2023"), m);
    }

    [Theory]
    [InlineData("{ \"title\": \"T\",\n  \"methodology\": \"nope\" }", 2, 18, "unknown methodology 'nope'")]
    [InlineData("{ \"title\": 5 }", 1, 12, "'title' must be a string")]
    [InlineData("{ \"title\": \"a\", \"title\": \"b\" }", 1, 17, "field 'title' appears more than once")]
    [InlineData("[1]", 1, 1, "must be a JSON object")]
    [InlineData("{ \"title\": \"T\"\n  \"source\": \"S\" }", 2, 3, "malformed JSON")]
    public void Metadata_Malformed_NamesLineColumnAndReason(string json, int line, int column, string reason)
    {
        var error = Assert.Throws<CohortFormatException>(() => CohortMetadata.Parse("x.json", Encoding.UTF8.GetBytes(json), Catalog));
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(reason, error.Reason);
    }
}
