using Dapper;

namespace UtilityInsights.Storage.Stores;

/// <summary>One day's heating and cooling degree days in a weather region.</summary>
public sealed record WeatherDay(string Region, DateOnly Day, decimal HeatingDegreeDays, decimal CoolingDegreeDays);

/// <summary>Degree days per region and day (the weather CSV). Re-importing a day replaces it.</summary>
public sealed class WeatherStore(UtilityDatabase database) : Store(database)
{
    public Task<UpsertCounts> UpsertAsync(IReadOnlyCollection<WeatherDay> days, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            ArgumentNullException.ThrowIfNull(days);
            var counts = new UpsertCounts();
            foreach (var day in days)
            {
                var row = new { day.Region, Day = Dialect.DateValue(day.Day), Hdd = Dialect.ScaledValue(day.HeatingDegreeDays), Cdd = Dialect.ScaledValue(day.CoolingDegreeDays) };
                counts += await Upsert.RunAsync(connection, transaction,
                    $"UPDATE weather_days{Dialect.UpdateLockHint} SET hdd = @Hdd, cdd = @Cdd WHERE region = @Region AND day = @Day",
                    "INSERT INTO weather_days (region, day, hdd, cdd) VALUES (@Region, @Day, @Hdd, @Cdd)",
                    row, cancellationToken);
            }
            return counts;
        }, cancellationToken);

    /// <summary>
    /// The region's degree days summed over <c>[from, to)</c> and the number of days that have
    /// weather; null when no day in the range has any.
    /// </summary>
    public Task<(decimal Hdd, decimal Cdd, int Days)?> TotalsAsync(string region, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var (hdd, cdd, days) = await connection.QuerySingleAsync<(object? Hdd, object? Cdd, int Days)>(new CommandDefinition(
                "SELECT SUM(hdd), SUM(cdd), COUNT(*) FROM weather_days WHERE region = @Region AND day >= @From AND day < @To",
                new { Region = region, From = Dialect.DateValue(from), To = Dialect.DateValue(to) }, cancellationToken: cancellationToken));
            return days == 0 ? ((decimal, decimal, int)?)null : (Dialect.ReadScaled(hdd!), Dialect.ReadScaled(cdd!), days);
        }, cancellationToken);

    public Task<int> CountAsync(CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM weather_days", cancellationToken: cancellationToken)),
            cancellationToken);
}
