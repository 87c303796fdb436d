using Microsoft.Data.SqlClient;

namespace UtilityInsights.Storage;

/// <summary>
/// Database errors that are the user's to fix — the server cannot be reached, the login or the
/// database is wrong, a permission is missing, the disk is full — told apart from our own bugs,
/// so that the CLI answers them with exit 1 and one line instead of an internal error.
/// </summary>
public static class DatabaseErrors
{
    // SQL Server error numbers: 2/53/-2/10054/10060 network or time-out, 4060 cannot open database,
    // 18456 login failed, 18452 untrusted domain login, 229/230/262/300 permission denied,
    // 1105 filegroup full, 9002 transaction log full, 40613 database unavailable (Azure SQL).
    private static readonly HashSet<int> UserFacing = [2, 53, -2, 10054, 10060, 4060, 18456, 18452, 229, 230, 262, 300, 1105, 9002, 40613];

    /// <summary>The one-line reason when <paramref name="error"/> (or an exception inside it) is a database error the user can fix, else null.</summary>
    public static string? UserReason(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SqlException sql && sql.Errors.Cast<SqlError>().Any(x => UserFacing.Contains(x.Number)))
                return $"the SQL Server database refused the request (error {sql.Number}): {sql.Message}";
        }
        return null;
    }
}
