using Dapper;

namespace UtilityInsights.Storage.Stores;

/// <summary>
/// A trained cohort model as registered: its version, when it was trained, on which window and
/// how many premises, its features, parameters and metrics (JSON), and where the model file is.
/// </summary>
public sealed record CohortModelRecord(string ModelVersion, DateTimeOffset CreatedAt, DateOnly? TrainingFrom, DateOnly? TrainingTo, int PremiseCount,
    string Features, string Parameters, string Metrics, string ModelPath);

/// <summary>Cohort models and the cohort each premise was assigned to by each model.</summary>
public sealed class CohortModelStore(UtilityDatabase database) : Store(database)
{
    /// <summary>Registers a model and its assignments in one transaction.</summary>
    public Task<int> RegisterAsync(CohortModelRecord model, IEnumerable<(string PremiseId, string CohortId)> assignments, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            ArgumentNullException.ThrowIfNull(model);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO cohort_models (model_version, created_at, training_from, training_to, premise_count, features, parameters, metrics, model_path)
                VALUES (@ModelVersion, @CreatedAt, @TrainingFrom, @TrainingTo, @PremiseCount, @Features, @Parameters, @Metrics, @ModelPath)
                """,
                new
                {
                    model.ModelVersion,
                    CreatedAt = Dialect.TimestampValue(model.CreatedAt),
                    TrainingFrom = Dialect.DateValue(model.TrainingFrom),
                    TrainingTo = Dialect.DateValue(model.TrainingTo),
                    model.PremiseCount,
                    model.Features,
                    model.Parameters,
                    model.Metrics,
                    model.ModelPath,
                }, transaction, cancellationToken: cancellationToken));
            return await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO cohort_assignments (model_version, premise_id, cohort_id) VALUES (@ModelVersion, @PremiseId, @CohortId)",
                assignments.Select(a => new { model.ModelVersion, a.PremiseId, a.CohortId }), transaction, cancellationToken: cancellationToken));
        }, cancellationToken);

    /// <summary>The newest registered model, or null when none has been trained.</summary>
    public Task<CohortModelRecord?> LatestAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string ModelVersion, object CreatedAt, object? TrainingFrom, object? TrainingTo, int PremiseCount,
                string Features, string Parameters, string Metrics, string ModelPath)>(new CommandDefinition(
                """
                SELECT model_version, created_at, training_from, training_to, premise_count, features, parameters, metrics, model_path
                FROM cohort_models ORDER BY created_at DESC, model_version DESC
                """, cancellationToken: cancellationToken));
            var r = rows.FirstOrDefault();
            return r.ModelVersion is null ? null : new CohortModelRecord(r.ModelVersion, SqlDialect.ReadTimestamp(r.CreatedAt),
                SqlDialect.ReadDateOrNull(r.TrainingFrom), SqlDialect.ReadDateOrNull(r.TrainingTo), r.PremiseCount, r.Features, r.Parameters, r.Metrics, r.ModelPath);
        }, cancellationToken);

    /// <summary>Every premise's cohort in a model (premise id → cohort id).</summary>
    public Task<IReadOnlyDictionary<string, string>> AssignmentsAsync(string modelVersion, CancellationToken cancellationToken) =>
        ReadAsync(async connection => (IReadOnlyDictionary<string, string>)(await connection.QueryAsync<(string PremiseId, string CohortId)>(new CommandDefinition(
            "SELECT premise_id, cohort_id FROM cohort_assignments WHERE model_version = @ModelVersion", new { ModelVersion = modelVersion },
            cancellationToken: cancellationToken))).ToDictionary(a => a.PremiseId, a => a.CohortId, StringComparer.Ordinal), cancellationToken);
}
