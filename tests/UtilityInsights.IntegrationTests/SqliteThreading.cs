using UtilityInsights.Storage.Sqlite;

namespace UtilityInsights.IntegrationTests;

/// <summary>
/// Before any test opens SQLite: the process's SQLite is put in multi-thread mode, as every command and the portal put it
/// before their first connection — so that every test (bill runs with their workers and writer, the portal under parallel
/// requests) runs the way production does, and a connection ever used by two threads at once would show here.
/// </summary>
[SetUpFixture]
public sealed class SqliteThreading
{
    [OneTimeSetUp]
    public void MultiThreadMode() =>
        Assert.That(SqliteSetup.IsMultiThread, Is.True, "SQLite had started before the first connection: the threading mode could not be set");
}
