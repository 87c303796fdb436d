using UtilityInsights.Domain;

namespace UtilityInsights.Billing;

/// <summary>Bill ids: <c>B-CYCLE-ACCOUNT-REVISION</c>, the same for the same bill on every run, so a resumed run finds what was done.</summary>
public static class BillIds
{
    public static string For(string cycle, AccountId account, int revision) => $"{CyclePrefix(cycle)}{account.Value}-{revision}";

    /// <summary>The cycle of a bill id (<c>B-2026-01-A-1-2</c> → <c>2026-01</c>).</summary>
    public static string CycleOf(string billId) => billId is ['B', '-', ..] && billId.Length >= 9 ? billId[2..9] : "";

    /// <summary>What every bill id of a cycle starts with.</summary>
    public static string CyclePrefix(string cycle) => $"B-{cycle}-";
}
