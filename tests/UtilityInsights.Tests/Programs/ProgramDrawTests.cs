using UtilityInsights.Programs;

namespace UtilityInsights.Tests.Programs;

public class ProgramDrawTests
{
    private static List<(string Account, string Stratum)> Accounts(int perStratum, params string[] strata) =>
        strata.SelectMany(s => Enumerable.Range(1, perStratum).Select(i => ($"A-{s}-{i:0000}", s))).ToList();

    [Test]
    public void Each_stratum_holds_out_its_share_as_control()
    {
        var drawn = ProgramDraw.Assign(Accounts(500, "cold", "hot", "mixed"), 0.2m, seed: 3);

        foreach (var stratum in new[] { "cold", "hot", "mixed" })
        {
            var mine = drawn.Where(d => d.Account.Contains(stratum, StringComparison.Ordinal)).ToList();
            Assert.That(mine.Count(d => d.Arm == ProgramArm.Control), Is.EqualTo(100), stratum);
        }
        Assert.That(drawn.Select(d => d.Account).Distinct().Count(), Is.EqualTo(1500), "every account drawn once");
    }

    [Test]
    public void The_same_seed_draws_the_same_groups_in_whatever_order_the_accounts_come_and_another_seed_others()
    {
        var accounts = Accounts(200, "a", "b");
        var first = ProgramDraw.Assign(accounts, 0.25m, 11).ToDictionary(d => d.Account, d => d.Arm);
        var again = ProgramDraw.Assign(Enumerable.Reverse(accounts), 0.25m, 11).ToDictionary(d => d.Account, d => d.Arm);
        var other = ProgramDraw.Assign(accounts, 0.25m, 12).ToDictionary(d => d.Account, d => d.Arm);

        Assert.That(again, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
    }

    [Test]
    public void Small_strata_round_their_share_at_random_so_that_together_they_hold_out_about_the_share()
    {
        // 300 strata of 3 accounts: 0.2 × 3 = 0.6 control each; always rounding would give 0 or 300 in all.
        var strata = Enumerable.Range(0, 300).Select(i => $"s{i:000}").ToArray();
        var control = ProgramDraw.Assign(Accounts(3, strata), 0.2m, 5).Count(d => d.Arm == ProgramArm.Control);

        Assert.That(control, Is.InRange(150, 210), "about 180 of 900");
    }

    [Test]
    public void A_late_account_always_draws_the_same_arm_and_late_accounts_hold_out_about_the_share()
    {
        var arms = Enumerable.Range(0, 4000).Select(i => ProgramDraw.Late("her", 7, 0.2m, $"A-{i:000000}")).ToList();

        Assert.That(ProgramDraw.Late("her", 7, 0.2m, "A-000042"), Is.EqualTo(arms[42]));
        Assert.That(arms.Count(a => a == ProgramArm.Control), Is.InRange(720, 880), "about 800 of 4,000");
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(1.5)]
    public void A_holdout_that_is_not_a_share_strictly_between_0_and_1_is_refused(decimal holdout)
    {
        Assert.That(() => new UtilityProgram("her", new DateOnly(2025, 7, 1), holdout, 1, [], "random"),
            Throws.TypeOf<UserErrorException>().With.Message.Contains("--holdout"));
    }

    [Test]
    public void An_unknown_stratification_and_a_name_that_is_not_an_id_are_refused()
    {
        Assert.That(() => new UtilityProgram("her", new DateOnly(2025, 7, 1), 0.2m, 1, ["zip"], "random"),
            Throws.TypeOf<UserErrorException>().With.Message.Contains("--stratify 'zip'"));
        Assert.That(() => new UtilityProgram("../her", new DateOnly(2025, 7, 1), 0.2m, 1, [], "random"),
            Throws.TypeOf<UserErrorException>().With.Message.Contains("program name"));
    }
}
