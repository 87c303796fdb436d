using System.Globalization;
using UtilityInsights.Statements;

namespace UtilityInsights.Tests.Statements;

public class SolarWordsTests
{
    private static readonly StatementRenderer Renderer = StatementRenderer.Default();
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private static readonly CultureInfo Spanish = UtilityInsights.Domain.Languages.Culture("es");

    private static HistoryMonth Month(string name, decimal usage, decimal toGrid, decimal? credit) => new(name, usage, null) { ToGrid = toGrid, Credit = credit };

    [Test]
    public void Each_months_credit_is_listed_with_their_sum_and_the_energy_taken_and_sent_is_totalled()
    {
        HistoryMonth[] months = [Month("Nov", 610m, 0m, null), Month("Dec", 700m, 40m, null), Month("Jan", 520.4m, 104.25m, 4.17m), Month("Feb", 480m, 170m, 6.8m)];

        var words = SolarWords.Summary(months, "kWh", Renderer.Strings("en"), English);

        Assert.That(words, Is.EqualTo("Over these 4 months you took 2,310 kWh from the grid and sent 314 kWh to it (green, below the line). "
            + "Your bills credited the energy you sent: Jan $4.17 · Feb $6.80 — $10.97 in all."));
    }

    [Test]
    public void With_one_credited_month_the_statement_points_to_this_months_credit_and_in_Spanish_too()
    {
        HistoryMonth[] months = [Month("dic", 700m, 40m, null), Month("ene", 520m, 104m, 4.17m)];

        Assert.Multiple(() =>
        {
            Assert.That(SolarWords.Summary(months, "kWh", Renderer.Strings("en"), English),
                Does.EndWith("(green, below the line). This month's credit for it is on the bill above."));
            Assert.That(SolarWords.Summary(months, "kWh", Renderer.Strings("es"), Spanish),
                Is.EqualTo("En estos 2 meses tomó 1,220 kWh de la red y le envió 144 kWh (en verde, bajo la línea). El crédito de este mes por ella está en la factura de arriba."));
        });
    }

    [Test]
    public void A_home_that_sent_nothing_gets_no_sentence_and_a_zero_credit_is_not_listed()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SolarWords.Summary([Month("Jan", 520m, 0m, null), Month("Feb", 480m, 0m, null)], "kWh", Renderer.Strings("en"), English), Is.Null);
            Assert.That(SolarWords.Summary([Month("Jan", 520m, 5m, 0m), Month("Feb", 480m, 5m, 0.2m), Month("Mar", 480m, 5m, 0.2m)], "kWh", Renderer.Strings("en"), English),
                Does.EndWith("Feb $0.20 · Mar $0.20 — $0.40 in all."));
        });
    }

    [Test]
    public void The_charts_text_alternative_gives_each_months_export_and_its_credit()
    {
        var chart = Charts.History([Month("Jan", 520m, 104.25m, 4.17m), Month("Feb", 480m, 170m, null)], "kWh", Renderer.Strings("en"), English);

        Assert.That(chart.Text, Does.Contain("Jan 520 kWh (sent to the grid 104 kWh, credited $4.17)").And.Contain("Feb 480 kWh (sent to the grid 170 kWh)"));
    }
}
