using Dapper;
using UtilityInsights.Domain;

namespace UtilityInsights.Storage.Stores;

/// <summary>A stored id that breaks the id rule: where it is, the id, and why.</summary>
public sealed record InvalidStoredId(string Table, string Column, string Id, string Reason);

/// <summary>
/// <c>db check</c>: every id the outside world gave that a database made before the id rule may hold
/// and that breaks it now (<see cref="Identifier"/>). Such an id cannot name a file safely: the bill
/// run skips its account and issue reports it; the operator renames or removes it.
/// </summary>
public sealed class IdCheckStore(UtilityDatabase database) : Store(database)
{
    /// <summary>The (table, column, condition) of every stored id from outside; payment references only, not the engine's own ledger references.</summary>
    private static readonly (string Table, string Column, string Where)[] Columns =
    [
        ("accounts", "account_id", ""), ("accounts", "cycle", ""),
        ("premises", "premise_id", ""), ("premises", "meter_id", ""), ("premises", "tariff_id", " WHERE tariff_id IS NOT NULL"),
        ("meters", "meter_id", ""), ("tariffs", "tariff_id", ""),
        ("ledger_entries", "reference", " WHERE kind = 'Payment'"), ("portal_users", "user_id", ""),
    ];

    public Task<IReadOnlyList<InvalidStoredId>> InvalidAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var found = new List<InvalidStoredId>();
            foreach (var (table, column, where) in Columns)
            {
                // Table and column names come from the list above, never from outside.
                var ids = await connection.QueryAsync<string>(new CommandDefinition($"SELECT DISTINCT {column} FROM {table}{where}", cancellationToken: cancellationToken));
                foreach (var id in ids)
                {
                    if (Identifier.Problem(id) is { } problem)
                        found.Add(new InvalidStoredId(table, column, id, problem));
                }
            }
            return (IReadOnlyList<InvalidStoredId>)found;
        }, cancellationToken);
}
