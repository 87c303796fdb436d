using System.Globalization;
using Microsoft.Data.Sqlite;

namespace UtilityInsights.IntegrationTests.Cli;

/// <summary>A seeded sample utility made by <c>demo</c> in a folder of its own, through the real command line; removed when disposed.</summary>
public sealed class DemoUtility : IDisposable
{
    private DemoUtility(string folder) => Folder = folder;

    public string Folder { get; }

    /// <summary>
    /// <c>demo --premises N --months M</c>: with <paramref name="prepareOnly"/> the utility's data only (no cycle billed),
    /// and with <paramref name="train"/> its cohort model trained too.
    /// </summary>
    public static async Task<DemoUtility> CreateAsync(string name, int premises, int months, bool prepareOnly = true, bool train = false)
    {
        var utility = new DemoUtility(Directory.CreateTempSubdirectory($"ui-{name}-").FullName);
        string[] args = ["demo", "--premises", premises.ToString(CultureInfo.InvariantCulture), "--months", months.ToString(CultureInfo.InvariantCulture)];
        var demo = await CliRunner.RunAsync(utility.Folder, prepareOnly ? [.. args, "--prepare-only"] : [.. args, "--print-format", "html"]);
        Assert.That(demo.ExitCode, Is.EqualTo(0), demo.ToString());
        if (train)
        {
            var cohorts = await CliRunner.RunAsync(utility.Folder, "cohorts", "train");
            Assert.That(cohorts.ExitCode, Is.EqualTo(0), cohorts.ToString());
        }
        return utility;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
