using UtilityInsights.Statements;
using UtilityInsights.Storage;

namespace UtilityInsights.Operations.Compose;

/// <summary>Loads the bill of record: the statement document stored with a bill (<see cref="StatementDocument"/>).</summary>
public static class StatementRecords
{
    /// <summary>The statement model a bill was sent with, or null for a bill stored before statement documents were kept (schema 0011).</summary>
    public static async Task<StatementModel?> LoadAsync(UtilityDatabase database, string billId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var document = await database.Bills.DocumentAsync(billId, cancellationToken);
        return document is null ? null : StatementDocument.Read(document.Content).Model;
    }
}
