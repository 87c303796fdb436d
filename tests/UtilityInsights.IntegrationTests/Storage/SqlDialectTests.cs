using System.Globalization;
using UtilityInsights.Money;
using UtilityInsights.Storage;

namespace UtilityInsights.IntegrationTests.Storage;

public class SqlDialectTests
{
    /// <summary>SQLite's dates are text: read digit by digit, they are the dates ParseExact gives, and anything else is refused.</summary>
    [Test]
    public void A_date_stored_as_text_reads_as_the_same_date_and_a_wrong_one_is_refused()
    {
        for (var day = new DateOnly(1, 1, 1); day < new DateOnly(9999, 9, 1); day = day.AddDays(day.Year is > 1890 and < 2110 ? 1 : 97))
        {
            var text = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.That(SqlDialect.ReadDate(text), Is.EqualTo(DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture)), text);
        }
        foreach (var wrong in new[] { "2025-02-29", "2024-02-30", "2025-13-01", "2025-00-10", "2025-01-00", "0000-01-01", "2025-1-01", "2025/01/01", "2025-01-01T00", "２０２５-01-01", "", "abcd-ef-gh" })
            Assert.Throws<FormatException>(() => SqlDialect.ReadDate(wrong), wrong);
    }

    [TestCase("130926.9600", "130926.96")]
    [TestCase("5", "5.00")]
    [TestCase("-0.0100", "-0.01")]
    [TestCase("0.0050", "0.0050")]
    public void SQL_Server_money_is_read_with_the_currency_s_places_when_nothing_is_lost(string storedText, string printed)
    {
        var stored = decimal.Parse(storedText, CultureInfo.InvariantCulture);
        var amount = SqlServerDialect.Instance.ReadMoney(stored, Currency.Usd).Amount;

        Assert.That(amount.ToString(CultureInfo.InvariantCulture), Is.EqualTo(printed));
        Assert.That(amount, Is.EqualTo(stored));
    }

    [Test]
    public void SQLite_and_SQL_Server_money_print_the_same()
    {
        var sqlite = SqliteDialect.Instance.ReadMoney(13092696L, Currency.Usd).Amount;
        var sqlServer = SqlServerDialect.Instance.ReadMoney(130926.9600m, Currency.Usd).Amount;

        Assert.That(sqlServer.ToString(CultureInfo.InvariantCulture), Is.EqualTo(sqlite.ToString(CultureInfo.InvariantCulture)));
    }

    [Test]
    public void A_null_timestamp_parameter_carries_the_type_the_provider_stores_timestamps_in()
    {
        var parameters = new Dapper.DynamicParameters();
        SqlServerDialect.Instance.AddTimestamp(parameters, "FinishedAt", null);

        Assert.That(SqlServerDialect.Instance.TimestampDbType, Is.EqualTo(System.Data.DbType.DateTimeOffset));
        Assert.That(SqliteDialect.Instance.TimestampDbType, Is.EqualTo(System.Data.DbType.String), "SQLite stores ISO 8601 text");
        Assert.That(parameters.ParameterNames, Does.Contain("FinishedAt"));
    }
}
