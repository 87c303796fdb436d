using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using UtilityInsights.Jobs;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Web;

/// <summary>
/// Hangfire's dashboard of the distributed runs' jobs under <c>/operator/jobs</c>, for operators only (a customer gets the
/// portal's 404, a visitor the sign-in page), read-only except for retrying: requeueing failed jobs (from the list or a
/// job's page) is the one command it takes; deleting, requeueing running or finished jobs and the like are refused (403)
/// and their buttons hidden. On a SQLite file there are no jobs (runs happen in one process): the page says so.
/// </summary>
public static class JobsDashboard
{
    public const string Path = "/operator/jobs";

    /// <summary>Hangfire's services, when the database can hold a job store; the dashboard reads the same store the workers use.</summary>
    public static void AddServices(IServiceCollection services, UtilityDatabase database)
    {
        if (!JobStores.Supports(database))
            return;
        services.AddHangfire(_ => { });
        DashboardRoutes.AddStylesheet(typeof(JobsDashboard).Assembly, "UtilityInsights.Web.JobsDashboard.css");
    }

    public static void Map(WebApplication app, UtilityDatabase database, string operatorPolicy)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!JobStores.Supports(database))
        {
            app.MapGet(Path, () => Results.Text(
                "There are no jobs to show: this portal's database is a SQLite file, where bill runs, issues and notice runs happen in one process " +
                "(billrun status shows how a cycle stands). Distributed runs and their jobs need a server database (PostgreSQL or SQL Server).",
                "text/plain; charset=utf-8")).RequireAuthorization(operatorPolicy);
            return;
        }
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            AppPath = "/operator",
            DashboardTitle = "Bill-run jobs",
            DisplayStorageConnectionString = false,
            Authorization = [new RetryOnly()],
            AsyncAuthorization = [],
            StatsPollingInterval = 5_000,
        }, JobStores.For(database)).RequireAuthorization(operatorPolicy);
    }

    /// <summary>Whether a dashboard request may go through: any page for an operator; of the commands, only the stats poll and requeueing failed jobs.</summary>
    public static bool Allows(string method, string path, bool isOperator)
    {
        if (!isOperator)
            return false;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
            return true;
        return HttpMethods.IsPost(method)
            && (path == "/stats" || path == "/jobs/failed/requeue" || path.StartsWith("/jobs/actions/requeue/", StringComparison.Ordinal));
    }

    private sealed class RetryOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var http = context.GetHttpContext();
            return Allows(context.Request.Method, context.Request.Path, http.User.IsInRole(nameof(PortalRole.Operator)));
        }
    }
}
