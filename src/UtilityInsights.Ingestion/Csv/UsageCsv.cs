using UtilityInsights.Ingestion.Reads;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Ingestion.Csv;

/// <summary>One premise's usage over one period <c>[start, end)</c>, from a billing-system export.</summary>
public sealed record UsagePeriod(string PremiseId, DateOnly Start, DateOnly EndExclusive, Quantity Quantity)
{
    public int Days => EndExclusive.DayNumber - Start.DayNumber;
}

/// <summary>The canonical usage-per-period CSV (DESIGN §3): <c>premise_id,period_start,period_end,quantity,unit</c>, <c>period_end</c> exclusive.</summary>
public static class UsageCsv
{
    public static readonly IReadOnlyList<string> Columns = ["premise_id", "period_start", "period_end", "quantity", "unit"];

    public static IEnumerable<RowResult<UsagePeriod>> Read(string path, CancellationToken cancellationToken = default) =>
        CanonicalCsvReader.Read(path, Columns, Map, cancellationToken);

    private static RowResult<UsagePeriod> Map(CsvRecord row)
    {
        RowResult<UsagePeriod> Reject(string field, string reason) => new(row.Line, null, row.Reject(field, reason));

        var premise = row.Text("premise_id");
        if (Domain.Identifier.Problem(premise) is { } problem)
            return Reject("premise_id", problem);
        if (!RecordDates.TryParseDate(row.Text("period_start"), out var start, out var startProblem))
            return Reject("period_start", startProblem!);
        if (!RecordDates.TryParseDate(row.Text("period_end"), out var end, out var endProblem))
            return Reject("period_end", endProblem!);
        if (end <= start)
            return Reject("period_end", "must come after period_start (it is exclusive)");
        if (!IntervalCsv.TryParseQuantity(System.Text.Encoding.UTF8.GetBytes(row.Text("quantity")), out var quantity, out var quantityProblem))
            return Reject("quantity", quantityProblem!);
        if (quantity < 0)
            return Reject("quantity", "usage over a period is not negative");
        if (!UnitInfo.TryParse(row.Text("unit"), out var unit) || !UnitInfo.ReadUnits.Contains(unit))
            return Reject("unit", "is not one of kWh, Wh, therm, CCF, gal, m3");
        return new RowResult<UsagePeriod>(row.Line, new UsagePeriod(premise, start, end, new Quantity(quantity, unit)), null);
    }
}
