using System.Text.RegularExpressions;
using UtilityInsights.Storage;

namespace UtilityInsights.IntegrationTests.Storage;

/// <summary>The three providers' migrations must describe the same tables and columns.</summary>
public partial class SchemaParityTests
{
    [GeneratedRegex(@"CREATE TABLE (\w+) \((.*?)\n\)", RegexOptions.Singleline)]
    private static partial Regex TablePattern();

    [GeneratedRegex(@"ALTER TABLE (\w+) ADD (?:COLUMN )?(\w+) ")]
    private static partial Regex AddColumnPattern();

    [GeneratedRegex(@"ALTER TABLE (\w+) RENAME COLUMN (\w+) TO (\w+)")]
    private static partial Regex RenameColumnPattern();

    private static Dictionary<string, List<string>> Tables(DatabaseProvider provider)
    {
        var tables = new Dictionary<string, List<string>>();
        foreach (var migration in Migrator.Migrations(provider))
        {
            foreach (Match table in TablePattern().Matches(migration.Sql))
            {
                tables[table.Groups[1].Value] = table.Groups[2].Value.Split('\n')
                    .Select(l => l.Trim())
                    .Where(l => l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal) && !l.StartsWith("PRIMARY KEY", StringComparison.Ordinal)
                        && !l.StartsWith("UNIQUE", StringComparison.Ordinal) && !l.StartsWith("CONSTRAINT", StringComparison.Ordinal))
                    .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0])
                    .ToList();
            }
            foreach (Match added in AddColumnPattern().Matches(migration.Sql))
                tables[added.Groups[1].Value].Add(added.Groups[2].Value);
            foreach (Match renamed in RenameColumnPattern().Matches(migration.Sql))
            {
                var columns = tables[renamed.Groups[1].Value];
                columns[columns.IndexOf(renamed.Groups[2].Value)] = renamed.Groups[3].Value;
            }
        }
        return tables;
    }

    [TestCase(DatabaseProvider.SqlServer)]
    [TestCase(DatabaseProvider.PostgreSql)]
    public void SQLite_and_each_server_have_the_same_tables_and_columns_in_the_same_order(DatabaseProvider server)
    {
        var sqlite = Tables(DatabaseProvider.Sqlite);
        var other = Tables(server);

        Assert.That(sqlite, Is.Not.Empty);
        Assert.That(other.Keys, Is.EquivalentTo(sqlite.Keys));
        foreach (var (table, columns) in sqlite)
            Assert.That(other[table], Is.EqualTo(columns), table);
    }

    [TestCase(DatabaseProvider.SqlServer)]
    [TestCase(DatabaseProvider.PostgreSql)]
    public void Every_provider_has_the_same_migration_versions(DatabaseProvider server)
    {
        Assert.That(Migrator.Migrations(server).Select(m => m.Version),
            Is.EqualTo(Migrator.Migrations(DatabaseProvider.Sqlite).Select(m => m.Version)));
    }

    [Test]
    public void Money_is_never_stored_as_a_floating_point_column()
    {
        foreach (var provider in Enum.GetValues<DatabaseProvider>())
        {
            foreach (var migration in Migrator.Migrations(provider))
                Assert.That(migration.Sql, Does.Not.Match(@"\b(REAL|FLOAT|DOUBLE|money)\b"), $"{provider} {migration.Name}");
        }
    }
}
