using UtilityInsights.Operations.Programs;
using UtilityInsights.Programs;

namespace UtilityInsights.Tests.Programs;

public class ProgramStatisticsTests
{
    private static readonly DateOnly Start = new(2025, 7, 1);

    private static readonly List<(DateOnly Month, double Days)> Window =
        [(new DateOnly(2025, 7, 1), 31), (new DateOnly(2025, 8, 1), 31), (new DateOnly(2025, 9, 1), 30)];

    /// <summary>
    /// Homes whose usage per day after the start is <c>carry × before + season + noise</c>, scaled by (1 − effect) in treatment;
    /// each home's level drawn at random, so that the usage before the start is what predicts the usage after it.
    /// </summary>
    private static List<EvaluationHome> Homes(int count, double effect, double noise, int seed, double holdout = 0.2, double kwhSaved = 0)
    {
        var random = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var homes = new List<EvaluationHome>();
        for (var i = 0; i < count; i++)
        {
            var arm = random.NextDouble() < holdout ? ProgramArm.Control : ProgramArm.Treatment;
            var level = 30 * Math.Exp(0.4 * Gaussian());
            var before = Enumerable.Range(1, 6).ToDictionary(m => Start.AddMonths(-m), m => level * (1 + 0.1 * Math.Sin(m)) * (1 + noise * Gaussian()));
            var after = Window.ToDictionary(w => w.Month,
                w => (level * 1.2 * (arm == ProgramArm.Treatment ? 1 - effect : 1) * (1 + noise * Gaussian()) - (arm == ProgramArm.Treatment ? kwhSaved : 0), w.Days));
            homes.Add(new EvaluationHome($"A-{i:00000}", arm, before, after));
        }
        return homes;
    }

    [Test]
    public void Without_noise_the_estimate_is_exactly_the_planted_saving_even_when_the_months_before_move_together()
    {
        // Every month before the start a fixed multiple of the home's level: the covariates are collinear.
        var estimate = ProgramStatistics.Estimate(Homes(400, effect: 0, noise: 0, seed: 1, kwhSaved: 1.25), Window);

        Assert.That(estimate.Overall.KwhPerDay, Is.EqualTo(-1.25).Within(1e-6));
        Assert.That(estimate.Months.Select(m => m.Effect.KwhPerDay), Is.All.EqualTo(-1.25).Within(1e-6));
        Assert.That(estimate.Overall.SavingsPercent, Is.EqualTo(125 / estimate.Overall.ControlPerDay).Within(1e-6));
    }

    [Test]
    public void A_planted_saving_of_3_percent_is_recovered_with_an_interval_covering_3_and_not_0()
    {
        var estimate = ProgramStatistics.Estimate(Homes(2000, effect: 0.03, noise: 0.08, seed: 2), Window);
        var (low, high) = estimate.Overall.SavingsPercentInterval;

        Assert.That(low, Is.LessThan(3).And.GreaterThan(0), $"{low:0.00} to {high:0.00}");
        Assert.That(high, Is.GreaterThan(3));
        Assert.That(estimate.Overall.Treatment + estimate.Overall.Control, Is.EqualTo(2000));
    }

    [Test]
    public void With_no_saving_planted_the_interval_covers_zero_and_the_groups_are_balanced()
    {
        var estimate = ProgramStatistics.Estimate(Homes(2000, effect: 0, noise: 0.08, seed: 3), Window);
        var (low, high) = estimate.Overall.SavingsPercentInterval;

        Assert.That(low, Is.LessThan(0), $"{low:0.00} to {high:0.00}");
        Assert.That(high, Is.GreaterThan(0));
        Assert.That(estimate.Balance.Balanced, Is.True);
    }

    [Test]
    public void About_95_in_100_intervals_cover_the_true_saving()
    {
        var covered = Enumerable.Range(100, 100).Count(seed =>
        {
            var (low, high) = ProgramStatistics.Estimate(Homes(300, effect: 0.02, noise: 0.1, seed: seed), Window).Overall.SavingsPercentInterval;
            return low <= 2 && 2 <= high;
        });

        Assert.That(covered, Is.InRange(88, 100));
    }

    [Test]
    public void Groups_drawn_unfairly_are_flagged_as_unbalanced()
    {
        // Control homes chosen among the big users: the draw was not random.
        var homes = Homes(1000, effect: 0, noise: 0.05, seed: 4)
            .Select(h => h with { Arm = h.BeforeMean > 32 ? ProgramArm.Control : ProgramArm.Treatment }).ToList();

        Assert.That(ProgramStatistics.Estimate(homes, Window).Balance.Balanced, Is.False);
    }

    [Test]
    public void One_group_without_homes_is_a_clear_error()
    {
        var homes = Homes(50, 0, 0.1, 5).Select(h => h with { Arm = ProgramArm.Treatment }).ToList();

        Assert.That(() => ProgramStatistics.Estimate(homes, Window), Throws.TypeOf<UserErrorException>().With.Message.Contains("fewer than two homes"));
    }
}
