using System.Globalization;
using nietras.SeparatedValues;

// What POST /v1/scores/batch?methodology=gaii-2021&rank=batch does, as a developer would write it file to
// file without the service: Sep in, the weighted sums of gaii-2021's tree, min-max rescale over the file,
// competition ranks (ties at 1e-9), tier, Sep out with the service's CSV columns. Plain on purpose: lists,
// a string per country, Sep's reader and writer as documented; no tuning.
//   dotnet bench/batch/Baseline/bin/Release/net10.0/Baseline.dll IN.csv OUT.csv
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Baseline IN.csv OUT.csv");
    return 2;
}

var countries = new List<string>();
var years = new List<int>();
var implementation = new List<double>();
var innovation = new List<double>();
var investment = new List<double>();
var raw = new List<double>();
using (var reader = Sep.New(',').Reader().FromFile(args[0]))
{
    foreach (var row in reader)
    {
        countries.Add(row["country"].ToString());
        years.Add(row["year"].Parse<int>());
        double impl = (5 * row["talent"].Parse<double>() + 3 * row["infrastructure"].Parse<double>() + 2 * row["operatingEnvironment"].Parse<double>()) / 10;
        double innov = (5 * row["research"].Parse<double>() + 3 * row["development"].Parse<double>()) / 8;
        double inv = (row["governmentStrategy"].Parse<double>() + 5 * row["commercial"].Parse<double>()) / 6;
        implementation.Add(impl);
        innovation.Add(innov);
        investment.Add(inv);
        raw.Add((10 * impl + 8 * innov + 6 * inv) / 24);
    }
}

int n = raw.Count;
double min = raw.Min(), max = raw.Max();
var score = new double[n];
var keys = new double[n];
var order = new int[n];
for (int i = 0; i < n; i++)
{
    score[i] = max > min ? 100 * (raw[i] - min) / (max - min) : 100;
    keys[i] = -Math.Round(score[i], 9);
    order[i] = i;
}
Array.Sort(keys, order);
var rank = new int[n];
for (int r = 0; r < n; r++)
{
    rank[order[r]] = r > 0 && keys[r] == keys[r - 1] ? rank[order[r - 1]] : r + 1;
}

using (var writer = Sep.New(',').Writer().ToFile(args[1]))
{
    for (int i = 0; i < n; i++)
    {
        using var row = writer.NewRow();
        row["country"].Set(countries[i]);
        row["year"].Format(years[i]);
        row["score"].Format(score[i]);
        row["tier"].Set(score[i] >= 70 ? "leader" : score[i] >= 50 ? "advanced" : score[i] >= 30 ? "emerging" : "nascent");
        row["rank"].Format(rank[i]);
        row["coverage"].Set("1");
        row["implementation"].Format(implementation[i]);
        row["innovation"].Format(innovation[i]);
        row["investment"].Format(investment[i]);
        row["error"].Set("");
    }
}
Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n} rows"));
return 0;
