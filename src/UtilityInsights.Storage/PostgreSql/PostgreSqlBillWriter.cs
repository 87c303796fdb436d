using Npgsql;
using NpgsqlTypes;
using UtilityInsights.Billing;

namespace UtilityInsights.Storage.PostgreSql;

/// <summary>
/// A bill run's batch of bills on PostgreSQL in three round trips instead of one per bill, document and line: the bills'
/// guarded inserts in one <see cref="NpgsqlBatch"/> (each says whether it inserted), then the documents and the lines of
/// the new bills by <c>COPY … FROM STDIN (FORMAT BINARY)</c>, all in the caller's transaction. A bill already stored
/// (its account, cycle and revision) is skipped with its document and lines, as on the other providers.
/// </summary>
internal static class PostgreSqlBillWriter
{
    public static async Task<IReadOnlyList<bool>> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Bill> bills,
        string insertBill, string[] parameters, Func<Bill, object?[]> values, Func<Domain.RegisterRead, CancellationToken, Task> upsertEstimate,
        CancellationToken cancellationToken)
    {
        var inserted = new bool[bills.Count];
        if (bills.Count == 0)
            return inserted;
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            foreach (var bill in bills)
            {
                ArgumentNullException.ThrowIfNull(bill);
                var command = new NpgsqlBatchCommand(insertBill);
                var row = values(bill);
                for (var i = 0; i < parameters.Length; i++)
                {
                    var parameter = new NpgsqlParameter("@" + parameters[i], row[i] ?? DBNull.Value);
                    // A null issue time typed as one, as the one-by-one insert does.
                    if (parameters[i] == "IssuedAt")
                        parameter.NpgsqlDbType = NpgsqlDbType.TimestampTz;
                    command.Parameters.Add(parameter);
                }
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
            for (var i = 0; i < bills.Count; i++)
                inserted[i] = batch.BatchCommands[i].RecordsAffected > 0;
        }
        var fresh = bills.Where((_, i) => inserted[i]).ToList();
        foreach (var bill in fresh)
        {
            if (bill.RegisterEstimate is { } estimate)
                await upsertEstimate(estimate, cancellationToken);
        }
        if (fresh.Any(b => b.Document is not null))
        {
            await using var copy = await connection.BeginBinaryImportAsync(
                "COPY bill_documents (bill_id, format_version, template_version, content) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var bill in fresh)
            {
                if (bill.Document is not { } document)
                    continue;
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(bill.BillId, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(document.FormatVersion, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(document.TemplateVersion, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(document.Content, NpgsqlDbType.Bytea, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        if (fresh.Any(b => b.Lines.Count > 0))
        {
            await using var copy = await connection.BeginBinaryImportAsync(
                "COPY bill_lines (bill_id, line_no, segment, category, description, quantity, unit, rate, amount, explanation) FROM STDIN (FORMAT BINARY)",
                cancellationToken);
            foreach (var bill in fresh)
            {
                foreach (var line in bill.Lines)
                {
                    await copy.StartRowAsync(cancellationToken);
                    await copy.WriteAsync(bill.BillId, NpgsqlDbType.Varchar, cancellationToken);
                    await copy.WriteAsync(line.LineNo, NpgsqlDbType.Integer, cancellationToken);
                    await WriteOrNullAsync(copy, line.Segment, NpgsqlDbType.Varchar, cancellationToken);
                    await copy.WriteAsync(line.Category, NpgsqlDbType.Varchar, cancellationToken);
                    await copy.WriteAsync(line.Description, NpgsqlDbType.Varchar, cancellationToken);
                    await WriteOrNullAsync(copy, Scaled(line.Quantity), NpgsqlDbType.Numeric, cancellationToken);
                    await WriteOrNullAsync(copy, line.Unit, NpgsqlDbType.Varchar, cancellationToken);
                    await WriteOrNullAsync(copy, Scaled(line.Rate), NpgsqlDbType.Numeric, cancellationToken);
                    await copy.WriteAsync((decimal)PostgreSqlDialect.Instance.MoneyValue(line.Amount), NpgsqlDbType.Numeric, cancellationToken);
                    await WriteOrNullAsync(copy, line.Explanation, NpgsqlDbType.Varchar, cancellationToken);
                }
            }
            await copy.CompleteAsync(cancellationToken);
        }
        return inserted;
    }

    private static Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, type, cancellationToken);

    /// <summary>As the dialect stores them: quantities and rates to six places (money to four), never rounded silently.</summary>
    private static decimal? Scaled(decimal? value) => value is { } v ? (decimal)PostgreSqlDialect.Instance.ScaledValue(v) : null;
}
