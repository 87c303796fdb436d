using BenchmarkDotNet.Running;

namespace UtilityInsights.Benchmarks;

/// <summary>
/// Runs the hot-path benchmarks (<c>-- --filter '*'</c>), or the end-to-end cohort timing (<c>-- cohorts N</c>).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["cohorts", var count])
        {
            CohortTiming.Run(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
