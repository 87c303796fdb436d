using Dapper;
using UtilityInsights.Programs;

namespace UtilityInsights.Storage.Stores;

/// <summary>An account's place in a program, as stored: its arm, the stratum it was drawn in, and when.</summary>
public sealed record ProgramAssignment(string Account, ProgramArm Arm, string Stratum, DateTimeOffset AssignedAt);

/// <summary>
/// Randomised programs and their assignments. A program is created once with its first assignment
/// (one transaction); later assignments only add accounts not yet assigned — an account's arm is
/// written once and never changed, so a repeat (or two processes adding the same late account)
/// is harmless.
/// </summary>
public sealed class ProgramStore(UtilityDatabase database) : Store(database)
{
    /// <summary>Creates the program with its assignments; a program of that name already existing is a user error.</summary>
    public Task CreateAsync(UtilityProgram program, IReadOnlyCollection<(string Account, ProgramArm Arm, string Stratum)> assignments, DateTimeOffset at,
        CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            ArgumentNullException.ThrowIfNull(program);
            var exists = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                $"SELECT COUNT(*) FROM programs{Dialect.UpdateLockHint} WHERE name = @Name", new { program.Name }, transaction, cancellationToken: cancellationToken));
            if (exists > 0)
                throw new UserErrorException($"program '{program.Name}' already exists: an assignment never changes (choose another name).");
            var row = new DynamicParameters(new
            {
                program.Name,
                Start = Dialect.DateValue(program.Start),
                Holdout = Dialect.ScaledValue(program.Holdout),
                program.Seed,
                Stratify = string.Join(',', program.Stratify),
                program.Source,
                MinHistoryDays = program.Rules.MinHistoryDays,
                VacantBelow = Dialect.ScaledValue(program.Rules.MinUsagePerDay),
            });
            Dialect.AddTimestamp(row, "CreatedAt", at);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO programs (name, start_date, holdout, seed, stratify, min_history_days, vacant_below, source, created_at)
                VALUES (@Name, @Start, @Holdout, @Seed, @Stratify, @MinHistoryDays, @VacantBelow, @Source, @CreatedAt)
                """,
                row, transaction, cancellationToken: cancellationToken));
            await InsertAsync(connection, transaction, program.Name, assignments, at, cancellationToken);
            return 0;
        }, cancellationToken);

    /// <summary>Adds accounts not yet assigned (an account already in the program keeps its arm); returns how many were added.</summary>
    public Task<int> AddAsync(string program, IReadOnlyCollection<(string Account, ProgramArm Arm, string Stratum)> assignments, DateTimeOffset at,
        CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => InsertAsync(connection, transaction, program, assignments, at, cancellationToken), cancellationToken);

    private async Task<int> InsertAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string program,
        IReadOnlyCollection<(string Account, ProgramArm Arm, string Stratum)> assignments, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var assignedAt = Dialect.TimestampValue(at);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO program_assignments (program, account_id, arm, stratum, assigned_at)
            SELECT @Program, @Account, @Arm, @Stratum, @AssignedAt
            WHERE NOT EXISTS (SELECT 1 FROM program_assignments{Dialect.UpdateLockHint} WHERE program = @Program AND account_id = @Account)
            """,
            assignments.Select(a => new { Program = program, a.Account, Arm = a.Arm.ToText(), a.Stratum, AssignedAt = assignedAt }), transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>The program of that name, or null.</summary>
    public Task<UtilityProgram?> GetAsync(string name, CancellationToken cancellationToken) =>
        ReadAsync(async connection => (await connection.QueryAsync<(string Name, object StartDate, object Holdout, object? Seed, string Stratify, string Source, object MinHistoryDays, object VacantBelow)>(new CommandDefinition(
            $"{SelectPrograms} WHERE name = @Name", new { Name = name }, cancellationToken: cancellationToken))).Select(ToProgram).SingleOrDefault(), cancellationToken);

    /// <summary>Every program, oldest start first.</summary>
    public Task<IReadOnlyList<UtilityProgram>> ListAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection => (IReadOnlyList<UtilityProgram>)(await connection.QueryAsync<(string Name, object StartDate, object Holdout, object? Seed, string Stratify, string Source, object MinHistoryDays, object VacantBelow)>(new CommandDefinition(
            $"{SelectPrograms} ORDER BY start_date, name", cancellationToken: cancellationToken))).Select(ToProgram).ToList(), cancellationToken);

    /// <summary>Every assignment of a program, by account id.</summary>
    public Task<Dictionary<string, ProgramAssignment>> AssignmentsAsync(string program, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string Account, string Arm, string Stratum, object AssignedAt)>(new CommandDefinition(
                "SELECT account_id, arm, stratum, assigned_at FROM program_assignments WHERE program = @Program ORDER BY account_id",
                new { Program = program }, cancellationToken: cancellationToken));
            return rows.ToDictionary(r => r.Account, r => new ProgramAssignment(r.Account, ProgramArms.Parse(r.Arm)!.Value, r.Stratum, SqlDialect.ReadTimestamp(r.AssignedAt)),
                StringComparer.Ordinal);
        }, cancellationToken);

    /// <summary>
    /// For each of <paramref name="accounts"/> (at most <see cref="Store.MaxIds"/>) in a program started on or before
    /// <paramref name="asOf"/>: its membership, in the program started last when it is in several.
    /// </summary>
    public Task<Dictionary<string, ProgramMembership>> MembershipsAsync(IReadOnlyCollection<string> accounts, DateOnly asOf, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string Account, string Program, string Arm)>(new CommandDefinition(
                $"""
                SELECT a.account_id, a.program, a.arm FROM program_assignments AS a JOIN programs AS p ON p.name = a.program
                WHERE {Dialect.AnyOf("a.account_id", "Accounts")} AND p.start_date <= @AsOf
                ORDER BY a.account_id, p.start_date, p.name
                """, new { Accounts = CheckIds(accounts), AsOf = Dialect.DateValue(asOf) }, cancellationToken: cancellationToken));
            var memberships = new Dictionary<string, ProgramMembership>(StringComparer.Ordinal);
            foreach (var row in rows)
                memberships[row.Account] = new ProgramMembership(row.Program, ProgramArms.Parse(row.Arm)!.Value);
            return memberships;
        }, cancellationToken);

    /// <summary>Accounts with a premise and no assignment in the program, in id order: those a late draw may add.</summary>
    public Task<IReadOnlyList<string>> UnassignedAsync(string program, CancellationToken cancellationToken) =>
        ReadAsync(async connection => (IReadOnlyList<string>)(await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT DISTINCT p.account_id FROM premises AS p
            WHERE NOT EXISTS (SELECT 1 FROM program_assignments AS a WHERE a.program = @Program AND a.account_id = p.account_id)
            ORDER BY p.account_id
            """, new { Program = program }, cancellationToken: cancellationToken))).ToList(), cancellationToken);

    private const string SelectPrograms = "SELECT name, start_date, holdout, seed, stratify, source, min_history_days, vacant_below FROM programs";

    private UtilityProgram ToProgram((string Name, object StartDate, object Holdout, object? Seed, string Stratify, string Source, object MinHistoryDays, object VacantBelow) row) =>
        new(row.Name, SqlDialect.ReadDate(row.StartDate), Dialect.ReadScaled(row.Holdout), row.Seed is null or DBNull ? null : Convert.ToInt32(row.Seed, System.Globalization.CultureInfo.InvariantCulture),
            row.Stratify.Split(',', StringSplitOptions.RemoveEmptyEntries), row.Source,
            new Insights.EligibilityRules(Dialect.ReadScaled(row.VacantBelow), Convert.ToInt32(row.MinHistoryDays, System.Globalization.CultureInfo.InvariantCulture)));
}
