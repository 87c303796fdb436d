using System.Text;
using CsvHelper;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Csv;
using UtilityInsights.Units;

namespace UtilityInsights.Ingestion.Reads;

/// <summary>One data row of a register-read file: a read, or the reason it was rejected.</summary>
public readonly record struct RegisterRow(long Line, RegisterRead Read, Rejected? Rejection);

/// <summary>
/// The canonical register-read CSV (DESIGN §3): <c>meter_id,read_at,register,unit,read_type[,multiplier]</c>,
/// one cumulative dial reading per row. <c>read_type</c> is actual, estimated, customer,
/// exchange_out or exchange_in (A, E, C also accepted); the multiplier defaults to 1.
/// </summary>
public static class RegisterCsv
{
    public static readonly IReadOnlyList<string> Columns = ["meter_id", "read_at", "register", "unit", "read_type"];

    public static IEnumerable<RegisterRow> Read(string path, CancellationToken cancellationToken = default)
    {
        CanonicalCsvReader.CheckReadable(path);
        using var reader = CsvFiles.Open(path, new CsvReaderOptions { Separator = ',', TrackLineNumbers = true, IncludeValuesInExceptions = false });
        var columns = CanonicalCsvReader.ReadHeader(path, reader, Columns);
        var multiplierIndex = columns.GetValueOrDefault("multiplier", -1);
        var meterCache = new IntervalCsv.MeterIdCache();
        var any = false;
        while (CanonicalCsvReader.NextRecord(path, reader))
        {
            cancellationToken.ThrowIfCancellationRequested();
            any = true;
            var line = reader.LineNumber;
            Rejected Reject(string field, string reason) =>
                new(path, line, field, CsvRecord.Printable(Encoding.UTF8.GetString(reader.GetSpan(columns[field]))), reason);

            if (reader.FieldCount != columns.Count)
            {
                yield return new RegisterRow(line, default, new Rejected(path, line, "(row)", string.Empty, $"has {reader.FieldCount} fields but the header has {columns.Count}"));
                continue;
            }
            if (!meterCache.TryGet(reader.GetSpan(columns["meter_id"]), out var meter, out var meterProblem))
            {
                yield return new RegisterRow(line, default, Reject("meter_id", meterProblem!));
                continue;
            }
            if (!Iso8601.TryParseInstant(reader.GetSpan(columns["read_at"]), out var readAt, out var readAtProblem))
            {
                yield return new RegisterRow(line, default, Reject("read_at", readAtProblem!));
                continue;
            }
            if (!IntervalCsv.TryParseQuantity(reader.GetSpan(columns["register"]), out var register, out var registerProblem))
            {
                yield return new RegisterRow(line, default, Reject("register", registerProblem!));
                continue;
            }
            if (register < 0)
            {
                yield return new RegisterRow(line, default, Reject("register", "a dial reading is not negative"));
                continue;
            }
            if (!UnitInfo.TryParse(reader.GetString(columns["unit"]), out var unit) || !UnitInfo.ReadUnits.Contains(unit))
            {
                yield return new RegisterRow(line, default, Reject("unit", "is not one of kWh, Wh, therm, CCF, gal, m3"));
                continue;
            }
            if (!TryParseReadType(reader.GetString(columns["read_type"]), out var readType))
            {
                yield return new RegisterRow(line, default, Reject("read_type", "is not actual, estimated, customer, exchange_out or exchange_in"));
                continue;
            }
            var multiplier = 1m;
            if (multiplierIndex >= 0 && !reader.IsEmpty(multiplierIndex))
            {
                if (!IntervalCsv.TryParseQuantity(reader.GetSpan(multiplierIndex), out multiplier, out _) || multiplier <= 0)
                {
                    yield return new RegisterRow(line, default, Reject("multiplier", "is not a positive number"));
                    continue;
                }
            }
            yield return new RegisterRow(line, new RegisterRead(meter, readAt, register, unit, readType, multiplier), null);
        }
        if (!any)
            throw new UserErrorException($"{path}: the file has a header but no data rows.");
    }

    public static bool TryParseReadType(string text, out RegisterReadType type)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "actual" or "a":
                type = RegisterReadType.Actual;
                return true;
            case "estimated" or "e":
                type = RegisterReadType.Estimated;
                return true;
            case "customer" or "c":
                type = RegisterReadType.Customer;
                return true;
            case "exchange_out":
                type = RegisterReadType.MeterExchangeOut;
                return true;
            case "exchange_in":
                type = RegisterReadType.MeterExchangeIn;
                return true;
            default:
                type = default;
                return false;
        }
    }
}
