using System.Globalization;
using UtilityInsights.Domain;
using UtilityInsights.Time;

namespace UtilityInsights.Ingestion.Csv;

/// <summary>One day of weather as read from a weather file, with the line it came from.</summary>
public sealed record WeatherRow(long Line, string Region, DateOnly Day, decimal HeatingDegreeDays, decimal CoolingDegreeDays);

/// <summary>
/// The weather CSV (DESIGN §3): <c>region,date,hdd,cdd</c> — heating and cooling degree days of one
/// day in a weather region (base 65 °F unless the utility uses another), <c>date</c> as <c>yyyy-MM-dd</c>.
/// </summary>
public static class WeatherCsv
{
    public static readonly IReadOnlyList<string> Columns = ["region", "date", "hdd", "cdd"];

    /// <summary>More degree days in one day than any place on Earth sees (base 65 °F, −135 °F or +165 °F).</summary>
    public const decimal MaxDegreeDays = 200m;

    public static IEnumerable<RowResult<WeatherRow>> Read(string path, CancellationToken cancellationToken = default) =>
        CanonicalCsvReader.Read(path, Columns, Map, cancellationToken);

    internal static RowResult<WeatherRow> Map(CsvRecord row)
    {
        RowResult<WeatherRow> Reject(Rejected r) => new(row.Line, null, r);

        var region = row.Text("region");
        if (Label.Problem(region) is { } regionProblem)
            return Reject(row.Reject("region", regionProblem));
        if (!RecordDates.TryParseDate(row.Text("date"), out var day, out var dayProblem))
            return Reject(row.Reject("date", dayProblem!));
        if (!TryDegreeDays(row.Text("hdd"), out var hdd, out var hddProblem))
            return Reject(row.Reject("hdd", hddProblem!));
        if (!TryDegreeDays(row.Text("cdd"), out var cdd, out var cddProblem))
            return Reject(row.Reject("cdd", cddProblem!));
        return new RowResult<WeatherRow>(row.Line, new WeatherRow(row.Line, region, day, hdd, cdd), null);
    }

    private static bool TryDegreeDays(string text, out decimal value, out string? problem)
    {
        problem = !decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
            ? "is not a decimal number"
            : value < 0
                ? "is negative (degree days are never below zero)"
                : value > MaxDegreeDays
                    ? $"is above {MaxDegreeDays.ToString(CultureInfo.InvariantCulture)} degree days in one day"
                    : null;
        return problem is null;
    }
}
