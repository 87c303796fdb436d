using Dapper;

namespace UtilityInsights.Storage;

/// <summary>
/// Dapper's global settings, set once at start-up (type handlers are process-wide state).
/// Rows map by name with underscores: <c>account_id</c> fills <c>AccountId</c>.
/// </summary>
public static class DapperSetup
{
    private static int registered;

    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1)
            return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }
}
