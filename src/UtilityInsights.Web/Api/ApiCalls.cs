using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using UtilityInsights.Operations;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Web.Api;

/// <summary>
/// Around every <c>/api/v1</c> request: errors stay problem details (never the portal's HTML error
/// page), and a call made with a key is audited — key id, time, method, path, status — and counted.
/// </summary>
public static class ApiCalls
{
    /// <summary>Whether a request is to the integration API (under <see cref="ApiEndpoints.Prefix"/>).</summary>
    public static bool IsApi(PathString path) => path.StartsWithSegments(ApiEndpoints.Prefix, StringComparison.OrdinalIgnoreCase);

    public static async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!IsApi(context.Request.Path))
        {
            await next(context);
            return;
        }
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            pages.Enabled = false;
        await next(context);
        var status = context.Response.StatusCode;
        // An error without a body of its own (no such endpoint, a method it does not take): a problem too.
        if (status >= 400 && !context.Response.HasStarted)
        {
            var (title, detail) = status switch
            {
                StatusCodes.Status400BadRequest => ("Invalid request",
                    "A parameter or the body could not be read as its type (a whole number for limit, JSON for payments; see /openapi/v1.json)."),
                StatusCodes.Status404NotFound => ("Not found", $"There is no {context.Request.Path} in the API (see /openapi/v1.json)."),
                StatusCodes.Status405MethodNotAllowed => ("Method not allowed", $"{context.Request.Path} does not take {context.Request.Method} (see /openapi/v1.json)."),
                StatusCodes.Status415UnsupportedMediaType => ("Unsupported media type",
                    "Send payments as application/json, reads as text/csv (interval or register CSV) or application/xml (Green Button)."),
                _ => ("Request refused", $"The API answered {status}."),
            };
            await ApiProblems.WriteAsync(context, status, title, detail);
        }
        Telemetry.ApiCalls.Add(1, new KeyValuePair<string, object?>("status", status));
        if (context.Items.TryGetValue(ApiKeyAuthentication.KeyIdItem, out var keyId) && keyId is string id)
        {
            var services = context.RequestServices;
            var clock = services.GetRequiredService<TimeProvider>();
            await services.GetRequiredService<UtilityDatabase>().ApiKeys.AuditAsync(
                new ApiCall(id, clock.GetUtcNow(), context.Request.Method, context.Request.Path.Value ?? "", status), CancellationToken.None);
        }
    }
}
