using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Csv;
using UtilityInsights.Operations.BillRun;
using UtilityInsights.Operations.Ingest;
using UtilityInsights.Statements;
using UtilityInsights.Storage;
using UtilityInsights.Units;

namespace UtilityInsights.Web.Api;

/// <summary>
/// The integration API under <c>/api/v1</c>, for a utility's other systems (CIS, meter data
/// management, payment processor) — not for customers. JSON in snake_case, errors as problem
/// details, an API key in <c>X-Api-Key</c> (read or write scope), every call audited with the key's id.
/// Posting payments and reads runs the very imports of the command line (<c>payments import</c>,
/// <c>ingest</c>): the same checks, the same wording, the same idempotence.
/// </summary>
public static class ApiEndpoints
{
    public const string Prefix = "/api/v1";
    public const int DefaultPage = 500;
    public const int MaxPage = 5_000;

    /// <summary>The most payments one call posts (a bigger batch: several calls, or <c>payments import</c>).</summary>
    public const int MaxPayments = 50_000;

    /// <summary>The most rejected rows an answer lists (the count is always whole).</summary>
    public const int RejectionsListed = 1_000;

    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup(Prefix).RequireAuthorization(ApiKeyAuthentication.ReadPolicy).WithTags("Integration API")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests).DisableAntiforgery();
        api.MapGet("/bills", ListBillsAsync).WithName("ListBills").Produces<ApiBillPage>()
            .WithSummary("Bills of a cycle, a page at a time in account order (newest revision of each account)")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/bills/{bill_id}", GetBillAsync).WithName("GetBill").Produces<ApiBill>()
            .WithSummary("One bill with its lines and its statement document (the bill of record, as the customer was sent it)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/bills/{bill_id}/statement.html", StatementHtmlAsync).WithName("GetStatementHtml")
            .WithSummary("The bill's statement rendered as HTML, from its statement document")
            .Produces<string>(StatusCodes.Status200OK, "text/html").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/bills/{bill_id}/statement.pdf", StatementPdfAsync).WithName("GetStatementPdf")
            .WithSummary("The bill's statement as PDF (laid out for paper, as the portal's download and statements render give it)")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/accounts/{account_id}/balance", BalanceAsync).WithName("GetBalance").Produces<ApiBalance>()
            .WithSummary("An account's balance: owed, past due, the newest bill's due date, the last payment")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/accounts/{account_id}/ledger", LedgerAsync).WithName("GetLedger").Produces<ApiLedger>()
            .WithSummary("An account's ledger: every charge, payment, late fee and adjustment, oldest first, with the balance after each")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/billruns/{cycle}", BillRunAsync).WithName("GetBillRun").Produces<ApiBillRun>()
            .WithSummary("Where a cycle stands: accounts due, bills ready, held (by reason) and issued, their total, the runs")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/tariffs", TariffsAsync).WithName("ListTariffs").Produces<IReadOnlyList<ApiTariff>>().WithSummary("The tariffs loaded, with their versions and effective dates");
        api.MapPost("/payments", PostPaymentsAsync).WithName("PostPayments").Produces<ApiPaymentsResult>()
            .WithSummary("Post payments to the ledger, each once by its reference (a retry changes nothing); rows refused are listed with their reasons")
            .RequireAuthorization(ApiKeyAuthentication.WritePolicy)
            .Accepts<IReadOnlyList<ApiPayment>>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/reads", PostReadsAsync).WithName("PostReads").Produces<ApiReadsResult>()
            .WithSummary("Ingest meter reads: an interval or register CSV (text/csv) or a Green Button file (application/xml), validated, estimated and stored as `ingest` does")
            .RequireAuthorization(ApiKeyAuthentication.WritePolicy)
            .Accepts<string>("text/csv", "application/xml", "application/atom+xml")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> ListBillsAsync(UtilityDatabase database, [FromQuery] string? cycle, [FromQuery] string? after, [FromQuery] int? limit,
        CancellationToken cancellationToken)
    {
        if (!BillingCycle.TryParse(cycle, out _, out var problem))
            return ApiProblems.BadField("cycle", cycle ?? "", problem!);
        if (after is not null && Identifier.Problem(after) is { } afterProblem)
            return ApiProblems.BadField("after", after, afterProblem);
        var size = limit ?? DefaultPage;
        if (size is < 1 or > MaxPage)
            return ApiProblems.BadField("limit", size.ToString(CultureInfo.InvariantCulture), $"must be 1 to {MaxPage}");
        var page = await database.Bills.PageAsync(cycle!, after, size, cancellationToken);
        var bills = page.Select(b => new ApiBillSummary(b.BillId, b.AccountId.Value, b.Revision, Status(b.Status), b.HoldReason, b.Period.Start, b.Period.LastDay, Minor(b.Total),
            b.Total.Currency.Code, b.Usage.Value, b.Usage.Unit.Symbol(), b.DueDate, b.IssuedAt)).ToList();
        return Results.Ok(new ApiBillPage(cycle!, bills, bills.Count == size ? bills[^1].AccountId : null));
    }

    private static async Task<IResult> GetBillAsync(UtilityDatabase database, [FromRoute(Name = "bill_id")] string billId, CancellationToken cancellationToken)
    {
        if (Identifier.Problem(billId) is { } problem)
            return ApiProblems.BadField("bill_id", billId, problem);
        var bill = await database.Bills.GetByIdAsync(billId, cancellationToken);
        if (bill is null)
            return ApiProblems.NotFound($"Bill {billId}");
        var document = await database.Bills.DocumentAsync(billId, cancellationToken);
        var statement = document is null ? (JsonElement?)null : JsonDocument.Parse(StatementDocument.ReadJson(document.Content)).RootElement.Clone();
        var links = new ApiStatementLinks($"{Prefix}/bills/{Uri.EscapeDataString(billId)}/statement.html", $"{Prefix}/bills/{Uri.EscapeDataString(billId)}/statement.pdf");
        return Results.Ok(new ApiBill(bill.BillId, bill.AccountId.Value, bill.Cycle, bill.Revision, Status(bill.Status), bill.HoldReason?.ToString(),
            bill.Period.Start, bill.Period.LastDay, bill.Usage.Value, bill.Usage.Unit.Symbol(), Minor(bill.Total), bill.Currency.Code, bill.TariffId,
            bill.TariffVersion, bill.DueDate, bill.CreatedAt, bill.IssuedAt,
            bill.Lines.Select(l => new ApiBillLine(l.LineNo, l.Segment, l.Category, l.Description, l.Quantity, l.Unit, l.Rate, Minor(l.Amount), l.Explanation)).ToList(),
            statement, links));
    }

    private static async Task<IResult> StatementHtmlAsync(UtilityDatabase database, StatementPages pages, [FromRoute(Name = "bill_id")] string billId,
        CancellationToken cancellationToken)
    {
        var bill = await StatementBillAsync(database, billId, cancellationToken);
        if (bill.Problem is not null)
            return bill.Problem;
        return Results.Content(await pages.HtmlAsync(bill.Bill!, cancellationToken), "text/html; charset=utf-8");
    }

    private static async Task<IResult> StatementPdfAsync(UtilityDatabase database, StatementPages pages, [FromRoute(Name = "bill_id")] string billId,
        CancellationToken cancellationToken)
    {
        var bill = await StatementBillAsync(database, billId, cancellationToken);
        if (bill.Problem is not null)
            return bill.Problem;
        try
        {
            var bytes = await pages.PdfAsync(bill.Bill!, cancellationToken);
            return Results.File(bytes, "application/pdf", $"{billId}.pdf");
        }
        catch (UserErrorException e)
        {
            // No font to print with on this server: the HTML statement is still there.
            return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "PDF printing unavailable", e.Message);
        }
    }

    /// <summary>A bill whose statement can be shown (any but a cancelled one, which was never a customer's to keep), or the problem answering why not.</summary>
    private static async Task<(Bill? Bill, IResult? Problem)> StatementBillAsync(UtilityDatabase database, string billId, CancellationToken cancellationToken)
    {
        if (Identifier.Problem(billId) is { } problem)
            return (null, ApiProblems.BadField("bill_id", billId, problem));
        var bill = await database.Bills.GetByIdAsync(billId, cancellationToken);
        if (bill is null || bill.Lines.Count == 0)
            return (null, ApiProblems.NotFound($"A statement of bill {billId}"));
        return (bill, null);
    }

    private static async Task<IResult> BalanceAsync(UtilityDatabase database, BalancePanels balances, TimeProvider clock, [FromRoute(Name = "account_id")] string accountId,
        [FromQuery(Name = "as_of")] string? asOf, CancellationToken cancellationToken)
    {
        var (account, problem) = await KnownAccountAsync(database, accountId, cancellationToken);
        if (problem is not null)
            return problem;
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (asOf is not null && !Time.RecordDates.TryParseDate(asOf, out day, out var dateProblem))
            return ApiProblems.BadField("as_of", asOf, dateProblem!);
        var figures = await balances.FiguresAsync(account, day, cancellationToken);
        var last = figures.LastPayment;
        var currency = Money.Currency.FromCode(figures.Currency);
        return Results.Ok(new ApiBalance(accountId, day, Minor(figures.Owed, currency), figures.Currency,
            figures.PastDue is { } pastDue ? Minor(pastDue, currency) : null, figures.DueDate,
            last is null ? null : new ApiPaymentSeen(last.PostedAt, Minor(-last.Amount), last.Reference), figures.AutoPay));
    }

    private static async Task<IResult> LedgerAsync(UtilityDatabase database, [FromRoute(Name = "account_id")] string accountId, CancellationToken cancellationToken)
    {
        var (account, problem) = await KnownAccountAsync(database, accountId, cancellationToken);
        if (problem is not null)
            return problem;
        var entries = new AccountBalance(await database.Ledger.EntriesAsync(account, cancellationToken)).Running()
            .Select(r => new ApiLedgerEntry(r.Entry.PostedAt, JsonNamingPolicy.SnakeCaseLower.ConvertName(r.Entry.Kind.ToString()), Minor(r.Entry.Amount),
                r.Entry.Amount.Currency.Code, r.Entry.Reference, r.Entry.BillId, r.Entry.Description, Minor(r.BalanceAfter, r.Entry.Amount.Currency)))
            .ToList();
        return Results.Ok(new ApiLedger(accountId, entries, entries.Count > 0 ? entries[^1].BalanceAfter : 0m));
    }

    private static async Task<(AccountId Account, IResult? Problem)> KnownAccountAsync(UtilityDatabase database, string accountId, CancellationToken cancellationToken)
    {
        if (Identifier.Problem(accountId) is { } problem)
            return (default, ApiProblems.BadField("account_id", accountId, problem));
        var account = new AccountId(accountId);
        return await database.Accounts.GetAsync(account, cancellationToken) is null
            ? (account, ApiProblems.NotFound($"Account {accountId}"))
            : (account, null);
    }

    private static async Task<IResult> BillRunAsync(UtilityDatabase database, string cycle, CancellationToken cancellationToken)
    {
        if (!BillingCycle.TryParse(cycle, out _, out var problem))
            return ApiProblems.BadField("cycle", cycle, problem!);
        var status = await CycleStatus.LoadAsync(database, cycle, cancellationToken);
        return Results.Ok(new ApiBillRun(cycle, status.AccountsDue, status.NotYetBilled, status.Billed, status.Held, status.Issued, Minor(status.TotalAmount, Money.Currency.FromCode(status.Currency)),
            status.Currency, status.HeldByReason,
            status.Runs.Select(r => new ApiRun(r.RunId, r.PartitionIndex, r.PartitionCount, r.Status, r.StartedAt, r.FinishedAt, r.AccountsDue, r.Billed, r.Held)).ToList()));
    }

    private static async Task<IResult> TariffsAsync(UtilityDatabase database, CancellationToken cancellationToken)
    {
        var tariffs = new List<ApiTariff>();
        foreach (var header in await database.Tariffs.ListAsync(cancellationToken))
        {
            var versions = await database.Tariffs.VersionsAsync(header.TariffId, cancellationToken);
            tariffs.Add(new ApiTariff(header.TariffId, header.Name, header.Utility, header.Commodity, header.Source,
                versions.Select(v => new ApiTariffVersion(v.Version, v.EffectiveFrom, v.EffectiveTo, v.ImportedAt)).ToList()));
        }
        return Results.Ok(tariffs);
    }

    /// <summary>
    /// The payments are written as the canonical payments CSV and posted by <c>payments import</c>'s
    /// own code: element <c>i</c> of the array is the file's line <c>i + 2</c>, reported as index <c>i</c>.
    /// </summary>
    private static async Task<IResult> PostPaymentsAsync(HttpContext context, UtilityDatabase database, TimeProvider clock, PortalOptions options,
        CancellationToken cancellationToken)
    {
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(context.Request.Body, new JsonDocumentOptions { MaxDepth = 8 }, cancellationToken);
        }
        catch (JsonException e)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "Invalid request", $"The body is not JSON: {e.Message}");
        }
        using (body)
        {
            if (body.RootElement.ValueKind != JsonValueKind.Array || body.RootElement.GetArrayLength() == 0)
                return ApiProblems.Problem(StatusCodes.Status400BadRequest, "Invalid request",
                    "The body must be a JSON array of payments: [{\"account_id\", \"paid_at\", \"amount\", \"method\", \"reference\"}, …].");
            if (body.RootElement.GetArrayLength() > MaxPayments)
                return ApiProblems.Problem(StatusCodes.Status400BadRequest, "Invalid request", $"At most {MaxPayments:N0} payments a call; send the rest in another.");
            var spool = Spool(options, "payments", ".csv");
            try
            {
                await using (var file = File.Create(spool))
                using (var writer = CsvWriter.Create(file, new CsvWriterOptions { NewLine = "\n" }))
                {
                    string[] columns = [.. PaymentCsv.Columns, "currency"];
                    writer.WriteHeader(columns);
                    foreach (var element in body.RootElement.EnumerateArray())
                        writer.WriteRecord(columns.Select(c => FieldText(element, c)).ToArray());
                }
                var summary = await RecordImports.ImportPaymentsAsync(database, spool, clock, cancellationToken);
                var rejected = RejectsFile.Read(RejectsFile.PathFor(spool), RejectionsListed);
                return Results.Ok(new ApiPaymentsResult(summary.Inserted, summary.Updated, summary.Rejected,
                    rejected.Select(ApiRejection.AtIndex).ToList()));
            }
            finally
            {
                File.Delete(spool);
                File.Delete(RejectsFile.PathFor(spool));
            }
        }
    }

    /// <summary>A field of a posted payment as the CSV would hold it: a string's text, a number's exact digits, absent or null as empty.</summary>
    private static string FieldText(JsonElement element, string name) =>
        element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value) ? "" : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? "",
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            _ => value.GetRawText(),
        };

    /// <summary>The body is spooled to a file and ingested as <c>ingest FILE</c> would; lines are the body's own.</summary>
    private static async Task<IResult> PostReadsAsync(HttpContext context, UtilityDatabase database, TimeProvider clock, PortalOptions options,
        [FromQuery(Name = "create_meters")] bool? createMeters, CancellationToken cancellationToken)
    {
        var type = context.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var extension = type switch
        {
            "text/csv" => ".csv",
            "application/xml" or "text/xml" or "application/atom+xml" => ".xml",
            _ => null,
        };
        if (extension is null)
            return ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send reads as text/csv (interval or register CSV) or application/xml (Green Button).");
        // A reads file may be bigger than other bodies (Kestrel's 30 MB): the portal's configured limit.
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = options.MaxReadsBodyBytes;
        var spool = Spool(options, "reads", extension);
        try
        {
            try
            {
                await using var file = File.Create(spool);
                await context.Request.Body.CopyToAsync(file, cancellationToken);
            }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "Body too large",
                    $"A reads body may be at most {options.MaxReadsBodyBytes / (1024 * 1024)} MB; send the reads in several calls.");
            }
            var ingestion = new ReadIngestion(database, clock, Serilog.Log.Logger, new IngestOptions(createMeters ?? false));
            IngestSummary summary;
            try
            {
                summary = await ingestion.IngestAsync([spool], null, cancellationToken);
            }
            catch (UserErrorException e)
            {
                // The body as a whole cannot be read (no header, missing columns, not XML): the CLI's message without the spool file's name.
                return ApiProblems.Problem(StatusCodes.Status400BadRequest, "Invalid reads", e.Message.Replace(spool, "body", StringComparison.Ordinal)
                    .Replace(Path.GetFileName(spool), "body", StringComparison.Ordinal));
            }
            var rejected = RejectsFile.Read(RejectsFile.PathFor(spool), RejectionsListed);
            return Results.Ok(new ApiReadsResult(summary.Accepted, summary.Duplicates, summary.Estimated, summary.Conflicts, summary.ReplacedEstimates, summary.Rejected, summary.Flags,
                summary.Meters.Select(m => new ApiMeterReads(m.MeterId, m.Reads, m.Total.Quantity, m.Total.Unit, m.FirstStart, m.LastEnd)).ToList(),
                rejected.Select(ApiRejection.AtLine).ToList())
            { ReconcileCycles = summary.ReconcileCycles });
        }
        finally
        {
            File.Delete(spool);
            File.Delete(RejectsFile.PathFor(spool));
        }
    }

    private static string Spool(PortalOptions options, string what, string extension)
    {
        // Only the portal's own user may read what systems post (payments, reads).
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(options.SpoolDirectory);
        else
            Directory.CreateDirectory(options.SpoolDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return Path.Combine(options.SpoolDirectory, $"{what}-{Guid.NewGuid():N}{extension}");
    }

    private static string Status(BillStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>An amount written with its currency's minor digits (<c>122.00</c>, not <c>122</c>): the same value, the scale a payment system expects.</summary>
    private static decimal Minor(Money.Money money) => Minor(money.Amount, money.Currency);

    private static decimal Minor(decimal amount, Money.Currency currency) => amount + new decimal(0, 0, 0, false, (byte)currency.MinorDigits);
}
