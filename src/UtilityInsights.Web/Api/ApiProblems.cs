using Microsoft.AspNetCore.Http;
using UtilityInsights.Ingestion.Csv;

namespace UtilityInsights.Web.Api;

/// <summary>
/// One refused field in an API answer: where — the line of a posted file, or the index of an element
/// of a posted JSON array —, which field, what it held and why, in the command line's wording.
/// </summary>
public sealed record ApiRejection(long? Line, long? Index, string Field, string Value, string Reason)
{
    /// <summary>A row of a posted file (reads): its line in the body.</summary>
    public static ApiRejection AtLine(Rejected rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        return new ApiRejection(rejected.Line, null, rejected.Field, rejected.Value, rejected.Reason);
    }

    /// <summary>An element of a posted array, spooled as a CSV with a header: line <c>i + 2</c> is element <c>i</c>.</summary>
    public static ApiRejection AtIndex(Rejected rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        return new ApiRejection(null, rejected.Line - 2, rejected.Field, rejected.Value, rejected.Reason);
    }
}

/// <summary>The API's errors as RFC 9457 problem details, worded like the command line's messages.</summary>
public static class ApiProblems
{
    public static IResult Problem(int status, string title, string detail, IReadOnlyList<ApiRejection>? errors = null) =>
        Results.Problem(detail, statusCode: status, title: title,
            extensions: errors is null ? null : new Dictionary<string, object?> { ["errors"] = errors });

    /// <summary>A field of the request that is wrong: 400, naming the field and the reason.</summary>
    public static IResult BadField(string field, string value, string reason) =>
        Problem(StatusCodes.Status400BadRequest, "Invalid request", $"{field} '{value}' {reason}.", [new ApiRejection(null, null, field, value, reason)]);

    public static IResult NotFound(string what) => Problem(StatusCodes.Status404NotFound, "Not found", $"{what} was not found.");

    /// <summary>Writes a problem from outside an endpoint (authentication, the audit middleware).</summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Problem(status, title, detail).ExecuteAsync(context);
    }
}
