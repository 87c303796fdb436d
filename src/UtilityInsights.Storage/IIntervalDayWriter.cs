using UtilityInsights.Domain;

namespace UtilityInsights.Storage;

/// <summary>
/// Writes packed meter-days inside the caller's transaction, replacing a stored day with the
/// same (meter, local date). Each provider has its fastest path: a prepared statement on
/// SQLite, SqlBulkCopy into a staging table on SQL Server.
/// </summary>
internal interface IIntervalDayWriter : IAsyncDisposable
{
    Task WriteAsync(MeterDay day, CancellationToken cancellationToken);

    Task FlushAsync(CancellationToken cancellationToken);
}
