using System.Globalization;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.IntegrationTests.Storage;

namespace UtilityInsights.IntegrationTests.Operations.Compose;

/// <summary>
/// Issue 15, step 2.3: "why your bill changed" compares with the bill the customer actually got last
/// month — stored, with its net-metering credits and ratchet peaks — not with last month's reads rated again.
/// </summary>
public class WhyChangedTests
{
    [Test]
    public async Task The_change_since_last_month_is_this_bill_less_last_month_s_bill_as_sent_even_after_its_reads_were_corrected()
    {
        using var utility = await DemoUtility.CreateAsync("why", 300, 13, train: true);
        var folder = utility.Folder;
        await CliRunner.JsonAsync(folder, "billrun", "--cycle", "2025-12");
        // December's reads are corrected after its bill went out (a meter read late, a head-end fix):
        // the customer still got the December bill they got, and January is explained against it.
        var reads = File.ReadAllLines(Path.Combine(folder, "out", "sample", "interval-reads.csv"));
        var corrected = reads.Skip(1).Where(l => l.Contains(",2025-12-", StringComparison.Ordinal) && string.CompareOrdinal(l, "M-000061") < 0)
            .Select(l => l.Split(',')).Select(c => string.Join(',', c[0], c[1], c[2],
                (decimal.Parse(c[3], CultureInfo.InvariantCulture) * 1.5m).ToString(CultureInfo.InvariantCulture), c[4], "A"));
        await File.WriteAllLinesAsync(Path.Combine(folder, "corrected.csv"), reads.Take(1).Concat(corrected));
        Assert.That((await CliRunner.RunAsync(folder, "ingest", "corrected.csv")).ExitCode, Is.EqualTo(0));
        await CliRunner.JsonAsync(folder, "billrun", "--cycle", "2026-01");

        var totals = TestDb.Query(folder,
            "SELECT b.account_id, b.cycle, b.total, a.language, p.has_solar FROM bills AS b JOIN accounts AS a ON a.account_id = b.account_id " +
            "JOIN premises AS p ON p.account_id = b.account_id WHERE b.hold_reason IS NULL OR b.hold_reason NOT LIKE 'cannot_bill%'",
            r => (Account: r.GetString(0), Cycle: r.GetString(1), Total: r.GetInt64(2) / 100m, Language: r.GetString(3), Solar: !r.IsDBNull(4) && r.GetInt64(4) == 1));
        var both = totals.Where(t => t.Cycle == "2026-01" && t.Language == "en")
            .Select(t => (t.Account, t.Solar, Now: t.Total, Before: totals.FirstOrDefault(b => b.Account == t.Account && b.Cycle == "2025-12").Total as decimal?))
            .Where(t => t.Before is not null).ToList();
        Assert.That(both, Has.Count.GreaterThan(100));
        foreach (var (account, solar, now, before) in both)
        {
            var line = File.ReadAllLines(Path.Combine(folder, "out", "statements", account, "2026-01.txt")).Single(l => l.StartsWith("- Compared with last month: ", StringComparison.Ordinal));
            var shown = decimal.Parse(line["- Compared with last month: ".Length..].Replace("−", "-", StringComparison.Ordinal).Replace("$", "", StringComparison.Ordinal)
                .Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            Assert.That(shown, Is.EqualTo(now - before!.Value), $"{account}{(solar ? " (solar)" : "")}: this bill less last month's bill as sent");
        }
    }
}
