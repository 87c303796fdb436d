using Microsoft.AspNetCore.Http;
using UtilityInsights.Ingestion.GreenButton;
using UtilityInsights.Storage;

namespace UtilityInsights.Web;

/// <summary>
/// Green Button Download My Data: <c>/greenbutton?from=YYYY-MM-DD&amp;to=YYYY-MM-DD</c> (or <c>through=</c>, the last day included,
/// as the portal's form sends it) streams the signed-in customer's meter reads over local days <c>[from, to)</c> as ESPI Atom XML
/// (at most 400 days). Days out of order or too far apart send the customer back to the usage page's form, which says why; a date
/// that is not one is a bad request.
/// </summary>
public static class GreenButtonEndpoint
{
    public const int MaxDays = 400;

    public static async Task HandleAsync(HttpContext context, UtilityDatabase database, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(database);
        var account = PortalHost.Account(context.User)!.Value;
        var cancellationToken = context.RequestAborted;
        var query = context.Request.Query;
        // The portal's form gives the last day, included (through); a link or a script may give the end, excluded (to).
        bool ended;
        DateOnly to;
        if (query.ContainsKey("through"))
        {
            ended = TryDate(query["through"], out var through);
            to = through.AddDays(1);
        }
        else
        {
            ended = TryDate(query["to"], out to);
        }
        if (!TryDate(query["from"], out var from) || !ended)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"Give from, and to (excluded) or through (included), as YYYY-MM-DD, at most {MaxDays} days apart.", cancellationToken);
            return;
        }
        if (to <= from || to.DayNumber - from.DayNumber > MaxDays)
        {
            // Two days the form gave, in the wrong order or too far apart: back to the form, which says so in the customer's language.
            context.Response.Redirect($"/usage?month={from:yyyy-MM}&download=range#green-button");
            return;
        }
        var premises = await database.Premises.ForAccountAsync(account, cancellationToken);
        var meter = premises.Count == 0 ? null : await database.Meters.GetAsync(premises[0].MeterId, cancellationToken);
        if (meter is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentType = "application/atom+xml";
        // RFC 6266: an ASCII fallback name and the exact one percent-encoded (filename*), whatever the id holds.
        var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName($"greenbutton-{account.Value}-{from:yyyyMMdd}-{to:yyyyMMdd}.xml");
        context.Response.Headers.ContentDisposition = disposition.ToString();
        var export = new GreenButtonExport(meter, from, to, clock.GetUtcNow()) { Periods = await database.Reads.PeriodReadsStartingAsync(meter, from, to, cancellationToken) };
        await GreenButtonWriter.WriteAsync(context.Response.Body, export, database.Reads.StreamDaysAsync(meter, from, to, cancellationToken), cancellationToken);
    }

    private static bool TryDate(string? text, out DateOnly day) => Time.RecordDates.TryParseDate(text, out day, out _);
}
