using BenchmarkDotNet.Running;

namespace UtilityInsights.Benchmarks;

/// <summary>Runs the hot-path benchmarks: <c>dotnet run -c Release --project benchmarks/UtilityInsights.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
