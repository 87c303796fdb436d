using Microsoft.Data.Sqlite;

namespace UtilityInsights.IntegrationTests.Storage;

/// <summary>Reads a test's SQLite database directly (read-only, no pooling), to check what the command line stored.</summary>
public static class TestDb
{
    /// <summary>Every row of <paramref name="sql"/> on <c>FOLDER/utility-insights.db</c>, mapped; parameters as <c>$name</c>.</summary>
    public static List<T> Query<T>(string folder, string sql, Func<SqliteDataReader, T> map, params (string Name, object Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(map);
        using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "utility-insights.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
            rows.Add(map(reader));
        return rows;
    }

    public static string? NullableString(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
