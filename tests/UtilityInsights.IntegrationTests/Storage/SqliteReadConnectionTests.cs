using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Sqlite;

namespace UtilityInsights.IntegrationTests.Storage;

/// <summary>
/// The stores' reads on SQLite run on connections kept open with their statements prepared
/// (<see cref="SqliteReadConnections"/>): a query's text is compiled once per connection, every read still
/// sees what was committed before it, and whatever a read leaves open never reaches the next one.
/// </summary>
public class SqliteReadConnectionTests
{
    private string folder = null!;
    private UtilityDatabase database = null!;

    [SetUp]
    public async Task CreateDatabase()
    {
        folder = Directory.CreateTempSubdirectory("ui-sqlite-reads-").FullName;
        database = UtilityDatabase.Open(Path.Combine(folder, "reads.db"));
        await WriteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL); INSERT INTO t VALUES (1, 'a');");
    }

    [TearDown]
    public void DeleteDatabase()
    {
        database.DeleteIfCreatedByUs();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private Task<int> WriteAsync(string sql) =>
        database.InTransactionAsync((connection, transaction) => connection.ExecuteAsync(sql, transaction: transaction), CancellationToken.None);

    private Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read) => database.ReadAsync(read, CancellationToken.None);

    [Test]
    public async Task A_query_is_compiled_once_and_still_sees_every_write_committed_before_it()
    {
        // SQLite asks a connection's authorizer while it compiles a statement (never while it runs one): counted here.
        var compiled = 0;
        await ReadAsync(connection =>
        {
            SQLitePCL.strdelegate_authorizer count = (_, action, _, _, _, _) =>
            {
                if (action == SQLitePCL.raw.SQLITE_SELECT)
                    Interlocked.Increment(ref compiled);
                return SQLitePCL.raw.SQLITE_OK;
            };
            SQLitePCL.raw.sqlite3_set_authorizer(((SqliteConnection)connection).Handle, count, null);
            return Task.FromResult(0);
        });
        const string Count = "SELECT count(*) FROM t WHERE id >= @From";
        var counts = new List<long>();
        for (var i = 0; i < 3; i++)
            counts.Add(await ReadAsync(connection => connection.ExecuteScalarAsync<long>(Count, new { From = 1 })));
        await WriteAsync("INSERT INTO t VALUES (2, 'b')");
        counts.Add(await ReadAsync(connection => connection.ExecuteScalarAsync<long>(Count, new { From = 1 })));
        counts.Add(await ReadAsync(connection => connection.ExecuteScalarAsync<long>(Count, new { From = 2 })));
        // A changed schema: SQLite compiles the kept statement again by itself.
        await WriteAsync("ALTER TABLE t ADD COLUMN w TEXT");
        counts.Add(await ReadAsync(connection => connection.ExecuteScalarAsync<long>(Count, new { From = 1 })));

        Assert.That(counts, Is.EqualTo(new long[] { 1, 1, 1, 2, 1, 2 }));
        Assert.That(compiled, Is.EqualTo(2), "compiled once, and once more after the schema changed");
    }

    [Test]
    public async Task A_query_run_again_while_its_reader_is_still_open_runs_beside_it()
    {
        const string All = "SELECT v FROM t ORDER BY id";
        await WriteAsync("INSERT INTO t VALUES (2, 'b')");

        var seen = await ReadAsync(async connection =>
        {
            var rows = new List<string>();
            await using var reader = await connection.ExecuteReaderAsync(All);
            while (await reader.ReadAsync())
                rows.Add(reader.GetString(0) + string.Join("", await connection.QueryAsync<string>(All)));
            return rows;
        });

        Assert.That(seen, Is.EqualTo(new[] { "aab", "bab" }));
    }

    [Test]
    public async Task A_connection_with_any_reader_still_open_is_not_passed_on()
    {
        const string All = "SELECT v FROM t ORDER BY id";

        var reusable = await ReadAsync(async connection =>
        {
            var preparing = (PreparingConnection)connection;
            var seen = new List<bool>();
            var kept = await connection.ExecuteReaderAsync(All);
            var oneOff = await connection.ExecuteReaderAsync(All);
            seen.Add(preparing.Recycle());
            await kept.DisposeAsync();
            seen.Add(preparing.Recycle());
            await oneOff.DisposeAsync();
            seen.Add(preparing.Recycle());
            return seen;
        });

        Assert.That(reusable, Is.EqualTo(new[] { false, false, true }));
    }

    [Test]
    public async Task A_read_that_leaves_a_transaction_open_does_not_pass_its_connection_on()
    {
        // A read that began a write and never finished it: its connection is closed (rolling the write back), not kept.
        await ReadAsync(async connection =>
        {
            var transaction = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync("INSERT INTO t VALUES (3, 'c')", transaction: transaction);
            return 0;
        });

        var rows = await ReadAsync(connection => connection.QueryAsync<string>("SELECT v FROM t ORDER BY id"));
        await WriteAsync("INSERT INTO t VALUES (4, 'd')");

        Assert.That(rows, Is.EqualTo(new[] { "a" }));
        Assert.That(await ReadAsync(connection => connection.QueryAsync<string>("SELECT v FROM t ORDER BY id")), Is.EqualTo(new[] { "a", "d" }));
    }

    [Test]
    public async Task More_texts_than_a_connection_keeps_and_reads_at_once_all_answer()
    {
        var texts = Enumerable.Range(0, PreparingConnection.MaxStatements + 20).Select(i => $"SELECT {i} + count(*) FROM t").ToList();

        var answers = await Task.WhenAll(texts.Select(sql => Task.Run(() => ReadAsync(connection => connection.ExecuteScalarAsync<long>(sql)))));

        Assert.That(answers, Is.EqualTo(Enumerable.Range(1, texts.Count).Select(i => (long)i)));
    }
}
