using System.Diagnostics;
using UtilityInsights.Domain;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.IntegrationTests.Storage;
using UtilityInsights.Statements;
using UtilityInsights.Storage;

namespace UtilityInsights.IntegrationTests.Operations.BillRun;

/// <summary>
/// Issue 19: the bill run spread over worker processes with Hangfire on PostgreSQL. Three workers share a cycle; one is
/// killed with SIGKILL mid-run and another started; every account is billed exactly once and the bills, totals, statuses
/// and statement documents equal a single-process run of the same utility. Runs when UTILITYINSIGHTS_POSTGRES is set.
/// </summary>
[NonParallelizable]
public class DistributedBillRunTests
{
    private const string Cycle = "2026-01";

    [Test]
    public async Task Workers_killed_mid_run_lose_nothing_and_the_cycle_equals_a_single_process_run()
    {
        await using var utilities = await TwoUtilities.CreateAsync(400);
        var (folder, distributed, single) = (utilities.Folder, utilities.Distributed, utilities.Single);
        var workers = new List<Process>();
        for (var w = 1; w <= 3; w++)
            workers.Add(utilities.StartWorker($"worker-{w}"));
        var enqueued = await CliRunner.JsonAsync(folder, "billrun", "--cycle", Cycle, "--distributed", "--chunk", "20", "--db", distributed);
        Assert.That(enqueued.GetProperty("jobs").GetInt32(), Is.EqualTo(20));

        // Once the workers are at it, one dies without a chance to clean up, and another joins.
        async Task<System.Text.Json.JsonElement> ChunksAsync() =>
            (await CliRunner.JsonAsync(folder, "billrun", "status", "--cycle", Cycle, "--chunks", "--db", distributed)).GetProperty("chunks");
        // Killed while all three are running a chunk: the dead worker's chunk stays fetched until the job store's
        // invisibility timeout lets another worker take it again.
        // Watched in this process (a command per look is too slow: a chunk of 20 accounts takes about a second).
        var jobs = UtilityDatabase.Open(new DatabaseTarget(DatabaseProvider.PostgreSql, distributed));
        var waited = Stopwatch.StartNew();
        var busy = Jobs.DistributedRuns.Status(jobs, Jobs.DistributedWork.BillRun, Cycle, TimeProvider.System);
        while ((busy.Done < 1 || busy.Running < 3) && waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(20);
            busy = Jobs.DistributedRuns.Status(jobs, Jobs.DistributedWork.BillRun, Cycle, TimeProvider.System);
        }
        workers[0].Kill(entireProcessTree: true);
        Assert.That(busy.Running, Is.EqualTo(3), "every worker was running a chunk when one was killed");
        Assert.That(busy.Workers, Is.EqualTo(3), "three workers taking jobs");
        utilities.StartWorker("worker-4");

        waited.Restart();
        var chunks = await ChunksAsync();
        while (chunks.GetProperty("queued").GetInt32() + chunks.GetProperty("running").GetInt32() + chunks.GetProperty("retrying").GetInt32() > 0
               && waited.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(1000);
            chunks = await ChunksAsync();
        }
        var diagnostics = chunks.GetProperty("done").GetInt32() == 20 ? "" : await utilities.DiagnosticsAsync();
        var alone = await CliRunner.RunAsync(folder, "billrun", "--cycle", Cycle, "--db", single);
        Assert.That(alone.ExitCode, Is.EqualTo(0), alone.ToString());

        var spread = await BillsAsync(distributed);
        var one = await BillsAsync(single);
        Assert.Multiple(() =>
        {
            Assert.That(chunks.GetProperty("done").GetInt32(), Is.EqualTo(20), chunks + "\n" + diagnostics);
            Assert.That(chunks.GetProperty("failed").GetInt32(), Is.Zero, chunks.ToString());
            Assert.That(spread.Keys, Is.EquivalentTo(one.Keys), "every account billed, in both runs");
            Assert.That(spread.Where(b => b.Value.Revisions != 1).Select(b => b.Key), Is.Empty, "every account billed exactly once");
            Assert.That(one.Where(b => spread.GetValueOrDefault(b.Key) != b.Value).Select(b => b.Key), Is.Empty,
                "bills (status, total, hold reason) and statement documents equal the single-process run's");
        });
    }

    [Test]
    public async Task A_run_enqueued_with_no_worker_running_says_that_its_jobs_wait_for_one()
    {
        var (server, name, connectionString) = await PostgreSqlStoreTests.CreateEmptyAsync();
        var folder = Directory.CreateTempSubdirectory("ui-no-worker-").FullName;
        try
        {
            var demo = await CliRunner.RunAsync(folder, "demo", "--premises", "30", "--months", "2", "--prepare-only", "--db", connectionString);
            Assert.That(demo.ExitCode, Is.EqualTo(0), demo.ToString());

            var enqueued = await CliRunner.RunAsync(folder, "billrun", "--cycle", Cycle, "--distributed", "--chunk", "10", "--db", connectionString);
            var status = await CliRunner.JsonAsync(folder, "billrun", "status", "--cycle", Cycle, "--chunks", "--db", connectionString);
            var text = await CliRunner.RunAsync(folder, "billrun", "status", "--cycle", Cycle, "--chunks", "--db", connectionString);

            Assert.Multiple(() =>
            {
                Assert.That(enqueued.ExitCode, Is.EqualTo(0), enqueued.ToString());
                Assert.That(Flat(enqueued.Stdout), Does.Contain("No worker is taking jobs from this database"));
                Assert.That(status.GetProperty("chunks").GetProperty("queued").GetInt32(), Is.EqualTo(3));
                Assert.That(status.GetProperty("chunks").GetProperty("workers").GetInt32(), Is.Zero);
                Assert.That(Flat(text.Stdout), Does.Contain("No worker is taking jobs from this database: the jobs wait until one is started"));
            });
        }
        finally
        {
            await PostgreSqlStoreTests.DropAsync(server, name);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task The_job_store_is_made_once_for_a_database_and_the_process_keeps_it()
    {
        // Making it checks Hangfire's schema under a lock: billrun --wait looks at the jobs every 2 s, and did that each time.
        var (server, name, connectionString) = await PostgreSqlStoreTests.CreateEmptyAsync();
        var (otherServer, otherName, otherConnectionString) = await PostgreSqlStoreTests.CreateEmptyAsync();
        try
        {
            var first = Jobs.JobStores.For(UtilityDatabase.Open(new DatabaseTarget(DatabaseProvider.PostgreSql, connectionString)));
            var again = Jobs.JobStores.For(UtilityDatabase.Open(new DatabaseTarget(DatabaseProvider.PostgreSql, connectionString)));
            var other = Jobs.JobStores.For(UtilityDatabase.Open(new DatabaseTarget(DatabaseProvider.PostgreSql, otherConnectionString)));

            Assert.That(again, Is.SameAs(first));
            Assert.That(other, Is.Not.SameAs(first), "another database has its own");
        }
        finally
        {
            await PostgreSqlStoreTests.DropAsync(server, name);
            await PostgreSqlStoreTests.DropAsync(otherServer, otherName);
        }
    }

    /// <summary>Console output with the terminal's line wrapping undone.</summary>
    private static string Flat(string output) => System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ");

    [Test]
    public async Task Workers_started_together_on_a_new_database_install_the_job_store_without_an_error()
    {
        // Each worker makes Hangfire's storage, which installs its schema; without a lock all but one failed, logged an error
        // and tried again a second later.
        var (server, name, connectionString) = await PostgreSqlStoreTests.CreateEmptyAsync();
        var folder = Directory.CreateTempSubdirectory("ui-workers-together-").FullName;
        var workers = new List<Process>();
        try
        {
            for (var w = 1; w <= 3; w++)
                workers.Add(CliRunner.StartBackground(folder, Path.Combine(folder, $"worker-{w}.log"), "worker", "--db", connectionString));
            // A worker registers itself as a job server once its storage is ready.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            var servers = 0L;
            while (servers < 3 && waited.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(200);
                servers = await JobServersAsync(connectionString);
            }
            var logs = string.Join("\n", Directory.GetFiles(folder, "worker-*.log").Order(StringComparer.Ordinal).Select(File.ReadAllText));

            Assert.That(servers, Is.EqualTo(3), logs);
            Assert.That(logs, Does.Not.Contain(" ERR "));
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync();
                worker.Dispose();
            }
            await PostgreSqlStoreTests.DropAsync(server, name);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task A_worker_stopped_by_its_service_manager_unregisters_and_exits_0()
    {
        if (!OperatingSystem.IsLinux())
            Assert.Ignore("sends SIGTERM with kill(1)");
        var (server, name, connectionString) = await PostgreSqlStoreTests.CreateEmptyAsync();
        var folder = Directory.CreateTempSubdirectory("ui-worker-stop-").FullName;
        var log = Path.Combine(folder, "worker.log");
        using var worker = CliRunner.StartBackground(folder, log, "worker", "--db", connectionString);
        try
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (await JobServersAsync(connectionString) < 1 && waited.Elapsed < TimeSpan.FromMinutes(2))
                await Task.Delay(200);
            Assert.That(await JobServersAsync(connectionString), Is.EqualTo(1), "the worker registered");

            // What systemd, docker stop or Kubernetes send: a worker's normal end, not a failure (it was exit 130, "cancelled ... run the command again").
            using (var kill = Process.Start("kill", ["-TERM", worker.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            using var stopping = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await worker.WaitForExitAsync(stopping.Token);

            var output = await File.ReadAllTextAsync(log);
            var registered = await JobServersAsync(connectionString);

            Assert.Multiple(() =>
            {
                Assert.That(worker.ExitCode, Is.EqualTo(0), output);
                Assert.That(output, Does.Contain("worker stopped").And.Not.Contain("cancelled"));
                Assert.That(registered, Is.Zero, "unregistered from the job store");
            });
        }
        finally
        {
            if (!worker.HasExited)
                worker.Kill(entireProcessTree: true);
            await PostgreSqlStoreTests.DropAsync(server, name);
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>How many job servers (workers) are registered in the database's job store; none before its schema is installed.</summary>
    private static async Task<long> JobServersAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM hangfire.server", connection);
        try
        {
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (Npgsql.PostgresException e) when (e.SqlState is Npgsql.PostgresErrorCodes.UndefinedTable or Npgsql.PostgresErrorCodes.InvalidSchemaName)
        {
            return 0;
        }
    }

    [Test]
    public async Task On_a_SQLite_file_a_distributed_run_says_it_needs_a_database_server()
    {
        var folder = Directory.CreateTempSubdirectory("ui-distributed-sqlite-").FullName;
        try
        {
            var result = await CliRunner.RunAsync(folder, "billrun", "--cycle", Cycle, "--distributed");
            var worker = await CliRunner.RunAsync(folder, "worker");

            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
                Assert.That(result.Stderr, Does.Contain("is a SQLite file: a distributed bill run needs a database server").And.Contain("--workers N"));
                Assert.That(worker.ExitCode, Is.EqualTo(1), worker.ToString());
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Each account's bill of the cycle as compared: revisions stored, status, total, hold reason and its statement document's JSON.</summary>
    private static async Task<Dictionary<string, (int Revisions, string Status, decimal Total, string? Hold, string Document)>> BillsAsync(string connectionString)
    {
        var database = UtilityDatabase.Open(new DatabaseTarget(DatabaseProvider.PostgreSql, connectionString));
        var bills = new Dictionary<string, (int, string, decimal, string?, string)>(StringComparer.Ordinal);
        var ids = await database.Accounts.IdsWithPremisesAsync(CancellationToken.None);
        var state = await database.Bills.CycleStateAsync(Cycle, CancellationToken.None);
        foreach (var id in ids)
        {
            if (await database.Bills.GetAsync(new AccountId(id), Cycle, CancellationToken.None) is not { } bill)
                continue;
            var document = await database.Bills.DocumentAsync(bill.BillId, CancellationToken.None);
            var model = document is null ? "" : System.Text.Json.JsonSerializer.Serialize(StatementDocument.Read(document.Content).Model);
            bills[id] = (bill.Revision, bill.Status.ToString(), bill.Total.Amount, bill.HoldReason?.ToString(), model);
        }
        Assert.That(state, Has.Count.EqualTo(bills.Count));
        return bills;
    }
}
