using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using UtilityInsights.Storage;

namespace UtilityInsights.IntegrationTests.Storage;

/// <summary>
/// Every SQLite connection the stores are handed has the settings the engine relies on — foreign keys, the
/// write-ahead log, synchronous NORMAL, a minute's busy timeout — whether SQLite opened it just now or the
/// pool handed out one opened before (the settings are applied once a native connection).
/// </summary>
public class SqliteSettingsTests
{
    [Test]
    public async Task A_new_and_a_pooled_connection_both_have_foreign_keys_wal_and_the_busy_timeout()
    {
        var folder = Directory.CreateTempSubdirectory("ui-sqlite-settings-").FullName;
        try
        {
            var database = UtilityDatabase.Open(Path.Combine(folder, "settings.db"));
            var seen = new List<(long ForeignKeys, string Journal, long Synchronous, long BusyTimeout)>();
            async Task<(long, string, long, long)> SettingsAsync(DbConnection connection) =>
                (await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"), (await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"))!,
                 await connection.ExecuteScalarAsync<long>("PRAGMA synchronous"), await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));

            // One after another: the pool hands the same native connection out again.
            for (var i = 0; i < 3; i++)
            {
                await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
                seen.Add(await SettingsAsync(connection));
            }
            // Two at once: the second is a new one.
            await using (var first = await database.OpenConnectionAsync(CancellationToken.None))
            await using (var second = await database.OpenConnectionAsync(CancellationToken.None))
            {
                seen.Add(await SettingsAsync(first));
                seen.Add(await SettingsAsync(second));
            }

            Assert.That(seen, Has.Count.EqualTo(5).And.All.EqualTo((1L, "wal", 1L, 60_000L)));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
