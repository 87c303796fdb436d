using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using UtilityInsights.Printing;
using UtilityInsights.Storage;

namespace UtilityInsights.Web;

/// <summary>
/// <c>GET /healthz</c> for a load balancer or a monitor: the database reachable with its schema at
/// this build's migration (unhealthy, 503, otherwise), and a font present for PDF statements
/// (degraded, still 200, when not: the portal serves HTML without it). No secrets, paths or
/// connection strings in the answer.
/// </summary>
public static class HealthChecks
{
    public const string Path = "/healthz";

    public sealed class Database(UtilityDatabase database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            System.Data.Common.DbConnection connection;
            try
            {
                connection = await database.OpenConnectionAsync(cancellationToken);
            }
            catch (Exception e) when (e is UserErrorException or System.Data.Common.DbException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy($"{database.Provider} not reachable");
            }
            await using (connection)
            {
                int current;
                try
                {
                    current = await Migrator.CurrentVersionAsync(connection, null, cancellationToken);
                }
                catch (System.Data.Common.DbException)
                {
                    current = 0;
                }
                var needed = Migrator.Migrations(database.Provider).Max(m => m.Version);
                return current == needed
                    ? HealthCheckResult.Healthy($"{database.Provider} reachable, schema {current}")
                    : HealthCheckResult.Unhealthy(current < needed
                        ? $"schema {current}, this build needs {needed}: run `db migrate`"
                        : $"schema {current} is newer than this build's {needed}: upgrade the portal");
            }
        }
    }

    public sealed class Printing : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(StatementPdf.Unavailable() is { } problem
                ? HealthCheckResult.Degraded($"PDF statements cannot be printed: {problem}")
                : HealthCheckResult.Healthy("fonts present for PDF statements"));
    }

    /// <summary>The answer: the overall status and each check's status and description, as JSON.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description }),
        }, cancellationToken: context.RequestAborted);
    }
}
