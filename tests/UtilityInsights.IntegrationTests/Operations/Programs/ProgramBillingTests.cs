using UtilityInsights.Domain;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.IntegrationTests.Storage;
using UtilityInsights.Programs;
using UtilityInsights.Statements;
using UtilityInsights.Storage;

namespace UtilityInsights.IntegrationTests.Operations.Programs;

/// <summary>
/// A program on the demo utility: control accounts are billed as usual without the comparison and tips,
/// and their stored statement documents say why; an account that was not there when the groups were
/// drawn joins at the next bill run by a draw of its own.
/// </summary>
public class ProgramBillingTests
{
    [Test]
    public async Task Control_accounts_get_correct_bills_without_comparison_or_tips_and_late_accounts_are_assigned_by_the_bill_run()
    {
        using var utility = await DemoUtility.CreateAsync("program-billing", premises: 150, months: 13, train: true);
        var folder = utility.Folder;
        var created = await CliRunner.JsonAsync(folder, "program", "create", "--name", "her", "--start", "2026-01-01", "--seed", "5", "--stratify", "region");
        var arms = TestDb.Query(folder, "SELECT account_id, arm FROM program_assignments WHERE program = 'her'", r => (r.GetString(0), r.GetString(1)))
            .ToDictionary(a => a.Item1, a => a.Item2);
        // An account that was not in the program when its groups were drawn (as a move-in would be).
        var late = arms.Keys.Order(StringComparer.Ordinal).Last();
        Assert.That(TestDb.Execute(folder, "DELETE FROM program_assignments WHERE account_id = $a", ("$a", late)), Is.EqualTo(1));

        var run = await CliRunner.RunAsync(folder, "billrun", "--cycle", "2026-01");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());

        var database = UtilityDatabase.Open(Path.Combine(folder, "utility-insights.db"));
        var control = arms.Where(a => a.Value == "control" && a.Key != late).Select(a => a.Key).Order(StringComparer.Ordinal).First();
        var treatment = arms.Where(a => a.Value == "treatment" && a.Key != late).Select(a => a.Key).Order(StringComparer.Ordinal).First();
        async Task<StatementModel> DocumentAsync(string account)
        {
            var bill = await database.Bills.GetAsync(new AccountId(account), "2026-01", CancellationToken.None);
            var document = await database.Bills.DocumentAsync(bill!.BillId, CancellationToken.None);
            return StatementDocument.Read(document!.Content).Model;
        }
        var controlModel = await DocumentAsync(control);
        var treatmentModel = await DocumentAsync(treatment);
        var controlText = await File.ReadAllTextAsync(UtilityInsights.Operations.Issue.StatementFiles.For(Path.Combine(folder, "out", "statements"), new AccountId(control), "2026-01", "txt"));
        var lateArm = TestDb.Query(folder, "SELECT arm, stratum FROM program_assignments WHERE program = 'her' AND account_id = $a", r => (r.GetString(0), r.GetString(1)), ("$a", late));

        Assert.Multiple(() =>
        {
            Assert.That(created.GetProperty("homes").GetProperty("control").GetInt32(), Is.GreaterThan(0));
            Assert.That(controlModel.Program, Is.EqualTo(new StatementProgram("her", "control", ["comparison", "tips"])).Using<StatementProgram>(
                (a, b) => a.Name == b.Name && a.Group == b.Group && a.Withheld.SequenceEqual(b.Withheld)));
            Assert.That((controlModel.Comparison, controlModel.NoComparisonReason, controlModel.ComparisonSummary, controlModel.Tips.Count), Is.EqualTo(((StatementComparison?)null, (string?)null, (string?)null, 0)));
            Assert.That(controlModel.Lines, Is.Not.Empty, "a correct bill all the same");
            Assert.That(controlText, Does.Not.Contain("similar homes").And.Not.Contain("hogares similares").And.Not.Contain("Tips").And.Not.Contain("Consejos"));
            Assert.That(treatmentModel.Program!.Group, Is.EqualTo("treatment"));
            Assert.That(treatmentModel.ComparisonWithheld, Is.False);
            Assert.That(treatmentModel.Comparison is not null || treatmentModel.NoComparisonReason is not null, Is.True, "the comparison module is there");
            Assert.That(lateArm, Is.EqualTo(new[] { (ProgramDraw.Late("her", 5, 0.2m, late).ToText(), "late") }));
        });
    }
}
