using Microsoft.Data.Sqlite;

namespace UtilityInsights.IntegrationTests.Storage;

/// <summary>Reads a test's SQLite database directly (read-only, no pooling), to check what the command line stored.</summary>
public static class TestDb
{
    /// <summary>Every row of <paramref name="sql"/> on <c>FOLDER/utility-insights.db</c>, mapped; parameters as <c>$name</c>.</summary>
    public static List<T> Query<T>(string folder, string sql, Func<SqliteDataReader, T> map, params (string Name, object Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(map);
        using var connection = Open(folder, readOnly: true);
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
            rows.Add(map(reader));
        return rows;
    }

    /// <summary>
    /// Copies one row of <paramref name="table"/> (the row whose <paramref name="key"/> is <paramref name="value"/>) with some
    /// columns changed: how a test plants what a database made before a rule may hold (an id that breaks it today).
    /// </summary>
    public static void CopyRow(string folder, string table, string key, string value, params (string Column, object Value)[] changes)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "utility-insights.db")};Pooling=False");
        connection.Open();
        var columns = new List<string>();
        using (var info = connection.CreateCommand())
        {
            info.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
            using var reader = info.ExecuteReader();
            while (reader.Read())
                columns.Add(reader.GetString(0));
        }
        using var command = connection.CreateCommand();
        var select = columns.Select(c => changes.Any(x => x.Column == c) ? "$" + c : c);
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) SELECT {string.Join(", ", select)} FROM {table} WHERE {key} = $key";
        command.Parameters.AddWithValue("$key", value);
        foreach (var (column, changed) in changes)
            command.Parameters.AddWithValue("$" + column, changed);
        Assert.That(command.ExecuteNonQuery(), Is.EqualTo(1), $"copied {table} {value}");
    }

    /// <summary>Runs one statement that changes the database (how a test plants a state the command line would not make); returns the rows changed.</summary>
    public static int Execute(string folder, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open(folder, readOnly: false);
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static SqliteConnection Open(string folder, bool readOnly)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "utility-insights.db")};{(readOnly ? "Mode=ReadOnly;" : "")}Pooling=False");
        connection.Open();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command;
    }

    public static string? NullableString(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
