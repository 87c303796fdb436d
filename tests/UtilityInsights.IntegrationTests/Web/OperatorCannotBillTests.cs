using System.Net;
using Microsoft.Data.Sqlite;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.Storage;

namespace UtilityInsights.IntegrationTests.Web;

/// <summary>
/// A bill held because it could not be billed (a register meter's first month: no read before it)
/// has no charges; the operators' page never offers it for approval, which would issue an empty bill.
/// </summary>
public class OperatorCannotBillTests
{
    [Test]
    public async Task The_operators_page_offers_no_approval_for_a_bill_that_could_not_be_billed()
    {
        using var utility = await DemoUtility.CreateAsync("cannot-bill-page", 30, 1);
        await CliRunner.JsonAsync(utility.Folder, "billrun", "--cycle", "2025-01", "--hold-ceiling", "60");
        var added = await CliRunner.RunAsync(utility.Folder, "portal", "users", "add", "--operator", "ops", "--json");
        Assert.That(added.ExitCode, Is.EqualTo(0), added.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(added.Stdout);
        var database = UtilityDatabase.Open(DatabaseTarget.Parse(Path.Combine(utility.Folder, "utility-insights.db")));
        var app = UtilityInsights.Web.PortalHost.Build(database, "http://127.0.0.1:0", TimeProvider.System);
        await app.StartAsync();
        try
        {
            var held = await database.Bills.HeldAsync("2025-01", CancellationToken.None);
            var cannotBill = held.Where(h => h.Reason.IsNotRated).Select(h => h.AccountId.Value).ToList();
            var approvable = held.Where(h => !h.Reason.IsNotRated).Select(h => h.AccountId.Value).ToList();
            // The interval meters' route periods start in December, before the first read: they wait for reads, counted apart.
            var waiting = held.Count(h => h.Reason.Code == UtilityInsights.Billing.HoldReason.ReadsMissing);
            Assert.That(waiting, Is.GreaterThan(1).And.LessThan(cannotBill.Count));
            Assert.That(cannotBill, Is.Not.Empty, "register meters have no read before January");
            Assert.That(approvable, Is.Not.Empty, "bills above $60 are held with charges");
            using var session = new HttpSession(app.Urls.First());
            await session.SignInAsync("ops", json.RootElement.GetProperty("password").GetString()!);

            var page = await (await session.GetAsync("/operator?cycle=2025-01&confirm=all")).Content.ReadAsStringAsync();
            var tried = await session.PostFormAsync("/operator?cycle=2025-01", "/operator?handler=Approve&cycle=2025-01",
                new Dictionary<string, string> { ["account"] = cannotBill[0] });
            var message = await tried.Content.ReadAsStringAsync();
            var all = await session.PostFormAsync("/operator?cycle=2025-01", "/operator?handler=ApproveAll&cycle=2025-01", []);
            var after = await database.Bills.HeldAsync("2025-01", CancellationToken.None);

            Assert.Multiple(() =>
            {
                foreach (var account in cannotBill)
                    Assert.That(page, Does.Not.Contain($"<span class=\"visually-hidden\"> {account}</span>"), $"no Approve button for {account}");
                foreach (var account in approvable)
                    Assert.That(page, Does.Contain($"<span class=\"visually-hidden\"> {account}</span>"), $"an Approve button for {account}");
                Assert.That(page, Does.Contain($"Approve all {approvable.Count} held").And.Contain($"The {cannotBill.Count} not billed stay held."));
                Assert.That(WebUtility.HtmlDecode(page), Does.Contain($"{waiting} bills are waiting for reads: their meters' reads do not cover their billing periods yet")
                    .And.Contain($"{(cannotBill.Count - waiting == 1 ? "One bill" : $"{cannotBill.Count - waiting} bills")} could not be billed and cannot be approved")
                    .And.Contain("Load its reads (or estimate them), then run again").And.Contain("Waiting for reads"));
                Assert.That(page, Does.Contain("run <code class=\"nowrap\">billrun --cycle 2025-01</code> again")
                    .And.Contain("<code class=\"nowrap\">billrun estimate --cycle 2025-01</code> estimates the missing reads"));
                Assert.That(WebUtility.HtmlDecode(message), Does.Contain($"The bill of {cannotBill[0]} could not be billed, so it cannot be approved"));
                Assert.That(all.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(after.Select(h => h.AccountId.Value), Is.EquivalentTo(cannotBill), "approving all approves every bill with charges and none without");
            });
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }
}
