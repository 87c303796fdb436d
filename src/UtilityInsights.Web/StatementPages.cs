using Microsoft.Extensions.Caching.Memory;
using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Operations.Compose;
using UtilityInsights.Printing;
using UtilityInsights.Statements;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Web;

/// <summary>
/// Statement pages for the portal: the same Scriban HTML as the printed statement, rendered from
/// the bill of record (the statement document stored with the bill, exactly what the customer was
/// sent), kept a few minutes (bounded) by bill id — a rebill is a new bill id with its own document.
/// Only bills stored before documents were kept are built from the database. Customers see issued bills only.
/// </summary>
public sealed class StatementPages(UtilityDatabase database, StatementRenderer renderer, TipCatalog tips, BrandingConfig branding) : IDisposable
{
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 5_000 });

    // One builder for the portal's life: its cohort and month caches make every statement after the first of a month cheap.
    private readonly StatementBuilder builder = new(database, tips, branding);

    private readonly StatementRecords records = new(database, renderer);

    /// <summary>The bill a user may see for an account and cycle, or null (no bill, not issued for a customer, cancelled): one small query, no lines.</summary>
    public async Task<BillKey?> VisibleBillAsync(AccountId account, string cycle, bool operatorView, CancellationToken cancellationToken)
    {
        var bill = await database.Bills.NewestAsync(account, cycle, cancellationToken);
        return bill is null || bill.Status == BillStatus.Cancelled || (!operatorView && bill.Status != BillStatus.Issued) ? null : bill;
    }

    public Task<string> HtmlAsync(Bill bill, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bill);
        return HtmlAsync(new BillKey(bill.BillId, bill.AccountId, bill.Cycle, bill.Status), cancellationToken);
    }

    public async Task<string> HtmlAsync(BillKey bill, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bill);
        if (cache.TryGetValue("html:" + bill.BillId, out string? html) && html is not null)
            return html;
        var (model, renderer) = await StatementAsync(bill, cancellationToken);
        html = renderer.RenderHtml(model);
        cache.Set("html:" + bill.BillId, html, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
        return html;
    }

    /// <summary>The statement's PDF, laid out for paper from the bill of record as bill issue prints it (<see cref="StatementPdf"/>; no browser).</summary>
    public Task<byte[]> PdfAsync(Bill bill, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bill);
        return PdfAsync(new BillKey(bill.BillId, bill.AccountId, bill.Cycle, bill.Status), cancellationToken);
    }

    /// <inheritdoc cref="PdfAsync(Bill, CancellationToken)"/>
    public async Task<byte[]> PdfAsync(BillKey bill, CancellationToken cancellationToken)
    {
        var (model, renderer) = await StatementAsync(bill, cancellationToken);
        return StatementPdf.Print(model, renderer.Strings(model.Language));
    }

    /// <summary>The statement model of a bill (comparison, tips, history), as its statement shows them: the stored document.</summary>
    public async Task<StatementModel> ModelAsync(BillKey bill, CancellationToken cancellationToken) => (await StatementAsync(bill, cancellationToken)).Model;

    /// <summary>The bill of record and the renderer of the templates it was sent with (a bill stored before documents were kept: rebuilt, current templates).</summary>
    private async Task<(StatementModel Model, StatementRenderer Renderer)> StatementAsync(BillKey bill, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bill);
        if (cache.TryGetValue("model:" + bill.BillId, out (StatementModel, StatementRenderer)? known) && known is { } found)
            return found;
        var statement = await records.LoadAsync(bill.BillId, cancellationToken)
            ?? ((await builder.BuildAsync(bill.AccountId, bill.Cycle, renderer, cancellationToken)).Model, renderer);
        cache.Set("model:" + bill.BillId, ((StatementModel, StatementRenderer)?)statement,
            new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
        return statement;
    }

    public void Dispose() => cache.Dispose();
}
