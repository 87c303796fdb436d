using UtilityInsights.Domain;

namespace UtilityInsights.Ingestion.Csv;

/// <summary>The canonical accounts CSV (DESIGN §3).</summary>
public static class AccountCsv
{
    public static readonly IReadOnlyList<string> Columns =
        ["account_id", "name", "service_address", "mailing_address", "email", "phone", "language", "channel", "cycle"];

    public static IEnumerable<RowResult<Account>> Read(string path, CancellationToken cancellationToken = default) =>
        CanonicalCsvReader.Read(path, Columns, Map, cancellationToken);

    internal static RowResult<Account> Map(CsvRecord row)
    {
        RowResult<Account> Reject(Rejected r) => new(row.Line, null, r);

        var id = row.Text("account_id");
        if (Identifier.Problem(id) is { } idProblem)
            return Reject(row.Reject("account_id", idProblem));
        if (!row.TryRequired("name", out var name, out var rejected) || !row.TryRequired("service_address", out var service, out rejected)
            || !row.TryRequired("cycle", out var cycle, out rejected))
            return Reject(rejected!);
        if (Identifier.Problem(cycle) is { } cycleProblem)
            return Reject(row.Reject("cycle", cycleProblem));
        var email = row.Text("email");
        if (email.Length > 0 && !Account.LooksLikeEmail(email))
            return Reject(row.Reject("email", "is not an email address"));
        var languageText = row.Text("language");
        var language = Language.English;
        if (languageText.Length > 0 && !Vocabulary.TryParseLanguage(languageText, out language))
            return Reject(row.Reject("language", $"is not one of {Vocabulary.Allowed<Language>()}"));
        var channelText = row.Text("channel");
        var channel = DeliveryChannel.Paper;
        if (channelText.Length > 0 && !Vocabulary.TryParseChannel(channelText, out channel))
            return Reject(row.Reject("channel", $"is not one of {Vocabulary.Allowed<DeliveryChannel>()}"));
        if (channel != DeliveryChannel.Paper && email.Length == 0)
            return Reject(row.Reject("channel", $"is {channel.ToText()} but the account has no email address"));
        // Optional: whether the account pays by AutoPay (not enrolled when the column is missing or empty).
        if (!row.TryOptionalBool("autopay", out var autoPay, out rejected))
            return Reject(rejected!);
        // Optional: a move-in (first day of service) and a move-out (the day service ended), yyyy-MM-dd.
        DateOnly? startDate = null, endDate = null;
        if (row.Text("start_date") is { Length: > 0 } startText)
        {
            if (!Time.RecordDates.TryParseDate(startText, out var start, out var startProblem))
                return Reject(row.Reject("start_date", startProblem!));
            startDate = start;
        }
        if (row.Text("end_date") is { Length: > 0 } endText)
        {
            if (!Time.RecordDates.TryParseDate(endText, out var end, out var endProblem))
                return Reject(row.Reject("end_date", endProblem!));
            if (startDate is { } s && end <= s)
                return Reject(row.Reject("end_date", $"is not after start_date {s:yyyy-MM-dd}"));
            endDate = end;
        }
        var account = new Account(new AccountId(id), name, service, row.Text("mailing_address"), email, row.Text("phone"), language, channel, cycle)
        {
            AutoPay = autoPay == true,
            StartDate = startDate,
            EndDate = endDate,
        };
        return new RowResult<Account>(row.Line, account, null);
    }
}
