using System.Diagnostics;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.IntegrationTests.Storage;

namespace UtilityInsights.IntegrationTests.Operations.BillRun;

/// <summary>
/// The same demo utility in two fresh PostgreSQL databases — one for a distributed run by <c>worker</c> processes, one
/// for the single-process run it must equal — a working folder, and the workers started on the first; all of it
/// stopped, dropped and deleted on dispose. Skips the test without UTILITYINSIGHTS_POSTGRES.
/// </summary>
internal sealed class TwoUtilities : IAsyncDisposable
{
    private readonly string server;
    private readonly (string Distributed, string Single) names;
    private readonly List<Process> workers = [];

    private TwoUtilities(string server, (string, string) names, string distributed, string single, string folder) =>
        (this.server, this.names, Distributed, Single, Folder) = (server, names, distributed, single, folder);

    /// <summary>The connection string of the database the workers share.</summary>
    public string Distributed { get; }

    /// <summary>The connection string of the database billed in one process.</summary>
    public string Single { get; }

    public string Folder { get; }

    /// <summary>Both databases made and loaded with <c>demo --premises N --months 13 --prepare-only</c>.</summary>
    public static async Task<TwoUtilities> CreateAsync(int premises)
    {
        var (server, distributedDb, distributed) = await PostgreSqlStoreTests.CreateEmptyAsync();
        var (_, singleDb, single) = await PostgreSqlStoreTests.CreateEmptyAsync();
        var utilities = new TwoUtilities(server, (distributedDb, singleDb), distributed, single, Directory.CreateTempSubdirectory("ui-distributed-").FullName);
        foreach (var db in new[] { distributed, single })
        {
            var demo = await CliRunner.RunAsync(utilities.Folder, "demo", "--premises", premises.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--months", "13", "--prepare-only", "--db", db);
            Assert.That(demo.ExitCode, Is.EqualTo(0), demo.ToString());
        }
        return utilities;
    }

    /// <summary>Starts a <c>worker</c> on the distributed database, logging to <c>NAME.log</c> in the folder.</summary>
    public Process StartWorker(string name)
    {
        var worker = CliRunner.StartBackground(Folder, Path.Combine(Folder, $"{name}.log"), "worker", "--db", Distributed);
        workers.Add(worker);
        return worker;
    }

    /// <summary>The last lines of every worker's log and the job queue's rows, for a failure message.</summary>
    public async Task<string> DiagnosticsAsync()
    {
        var text = new System.Text.StringBuilder();
        foreach (var log in Directory.GetFiles(Folder, "worker-*.log").Order(StringComparer.Ordinal))
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"--- {Path.GetFileName(log)}").AppendJoin('\n', File.ReadAllLines(log).TakeLast(15)).AppendLine();
        await using var connection = new Npgsql.NpgsqlConnection(Distributed);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT q.jobid, q.fetchedat, j.statename, now() FROM hangfire.jobqueue AS q JOIN hangfire.job AS j ON j.id = q.jobid", connection);
        await using var reader = await command.ExecuteReaderAsync();
        text.AppendLine("--- job queue (job, fetched at, state, now)");
        while (await reader.ReadAsync())
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{reader.GetValue(0)} {reader.GetValue(1)} {reader.GetValue(2)} {reader.GetValue(3)}");
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in workers.Where(w => !w.HasExited))
            worker.Kill(entireProcessTree: true);
        foreach (var worker in workers)
            worker.Dispose();
        await PostgreSqlStoreTests.DropAsync(server, names.Distributed);
        await PostgreSqlStoreTests.DropAsync(server, names.Single);
        Directory.Delete(Folder, recursive: true);
    }
}
