using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Operations.Issue;

/// <summary>
/// One job's share of a distributed issue or notice run: batch <see cref="Number"/> (from 1) covering the accounts of
/// <see cref="Accounts"/>. Its delivery lists carry the number (<c>manifest-0007.csv</c>), so batches run on different
/// machines never write the same file, and a batch run again finds its own list and adds only what is missing.
/// </summary>
public sealed record DeliveryBatch(int Number, AccountRange Accounts)
{
    /// <summary>A list's file name: <c>STEM.csv</c> for a whole run, <c>STEM-0007.csv</c> for batch 7.</summary>
    public static string ListName(string stem, DeliveryBatch? batch) => batch is null ? $"{stem}.csv" : $"{stem}-{batch.Number:D4}.csv";
}
