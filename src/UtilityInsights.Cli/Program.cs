using System.CommandLine;
using System.Globalization;
using Serilog;
using Serilog.Events;
using UtilityInsights.Cli.Commands;

namespace UtilityInsights.Cli;

/// <summary>
/// The <c>utility-insights</c> command line: the composition root. It sets up logging, builds
/// the command tree, and turns outcomes into exit codes: a user's mistake is one line on stderr
/// (details in the log file), never a stack trace.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var verbose = args.Contains("--verbose");
        var logDirectory = Environment.GetEnvironmentVariable("UTILITYINSIGHTS_LOG_DIR") ?? Path.Combine(Environment.CurrentDirectory, "logs");
        Log.Logger = CreateLogger(logDirectory, verbose, JsonLogs(args));
        // Metrics and traces leave the process only when OTEL_EXPORTER_OTLP_ENDPOINT says where (the portal exports its own).
        using var telemetry = TelemetryExport.Start();
        try
        {
            return await RunAsync(args, TimeProvider.System, Log.Logger);
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    public static async Task<int> RunAsync(string[] args, TimeProvider clock, ILogger log)
    {
        var root = BuildCommands(clock, log);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && !args.Contains("--help") && !args.Contains("-h"))
        {
            var reasons = parse.Errors.Select(e => e.Message).OrderByDescending(m => m.StartsWith("Unrecognized", StringComparison.Ordinal)).Distinct();
            var suggestions = CliSuggestions.For(parse);
            // A typo's suggestion says it all; System.CommandLine's messages would add the value after it as a second unknown word.
            await Console.Error.WriteLineAsync($"error: {string.Join("; ", suggestions.Count > 0 ? suggestions : reasons)} (see {CliSuggestions.PathOf(parse)} --help)");
            return ExitCodes.UserError;
        }
        // Ctrl+C (SIGINT) or SIGTERM cancels the action's token; the action then has 10 s to stop cleanly.
        return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(10) });
    }

    public static RootCommand BuildCommands(TimeProvider clock, ILogger log)
    {
        var root = new RootCommand("UtilityInsights: utility bill engine with neighbour comparisons");
        root.Options.Add(GlobalOptions.Db);
        root.Options.Add(GlobalOptions.Json);
        root.Options.Add(GlobalOptions.Verbose);
        root.Options.Add(GlobalOptions.LogFormat);
        var factory = new CommandFactory(clock, log);
        root.Subcommands.Add(DbCommands.Create(factory));
        root.Subcommands.Add(SamplesCommands.Create(factory));
        root.Subcommands.Add(ImportCommands.Accounts(factory));
        root.Subcommands.Add(ImportCommands.Premises(factory));
        root.Subcommands.Add(ImportCommands.Payments(factory));
        root.Subcommands.Add(ImportCommands.Weather(factory));
        root.Subcommands.Add(IngestCommand.Create(factory));
        root.Subcommands.Add(ExportCommand.Create(factory));
        root.Subcommands.Add(RateCommand.Create(factory));
        root.Subcommands.Add(TariffCommands.Create(factory));
        root.Subcommands.Add(RouteCommands.Create(factory));
        root.Subcommands.Add(CohortCommands.Create(factory));
        root.Subcommands.Add(ProgramCommands.Create(factory));
        root.Subcommands.Add(StatementCommands.Create(factory));
        root.Subcommands.Add(BillRunCommands.Create(factory));
        root.Subcommands.Add(WorkerCommand.Create(factory));
        root.Subcommands.Add(NoticeCommands.Create(factory));
        root.Subcommands.Add(PortalCommands.Serve(factory));
        root.Subcommands.Add(PortalCommands.Portal(factory));
        root.Subcommands.Add(ApiCommands.Create(factory));
        root.Subcommands.Add(DemoCommand.Create(factory));
        return root;
    }

    /// <summary>Whether logs are Serilog's compact JSON (<c>--log-format json</c>, or <c>UTILITYINSIGHTS_LOG_FORMAT=json</c>), read before the command line is parsed.</summary>
    private static bool JsonLogs(string[] args)
    {
        var at = Array.IndexOf(args, "--log-format");
        var format = at >= 0 && at + 1 < args.Length ? args[at + 1]
            : args.FirstOrDefault(a => a.StartsWith("--log-format=", StringComparison.Ordinal))?["--log-format=".Length..]
            ?? Environment.GetEnvironmentVariable("UTILITYINSIGHTS_LOG_FORMAT");
        return string.Equals(format, "json", StringComparison.OrdinalIgnoreCase);
    }

    private static Serilog.Core.Logger CreateLogger(string logDirectory, bool verbose, bool json)
    {
        var console = verbose ? LogEventLevel.Information : LogEventLevel.Warning;
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Debug()
            .Enrich.WithProperty("Process", Environment.ProcessId);
        configuration = json
            ? configuration.WriteTo.Console(new Serilog.Formatting.Compact.CompactJsonFormatter(), restrictedToMinimumLevel: console,
                standardErrorFromLevel: LogEventLevel.Verbose)
            : configuration.WriteTo.Console(
                formatProvider: CultureInfo.InvariantCulture,
                restrictedToMinimumLevel: console,
                standardErrorFromLevel: LogEventLevel.Verbose,
                outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}");
        try
        {
            Directory.CreateDirectory(logDirectory);
            configuration = json
                ? configuration.WriteTo.File(new Serilog.Formatting.Compact.CompactJsonFormatter(), Path.Combine(logDirectory, "utility-insights-.clef"),
                    rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14, shared: true)
                : configuration.WriteTo.File(
                    Path.Combine(logDirectory, "utility-insights-.log"),
                    formatProvider: CultureInfo.InvariantCulture,
                    rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: 14,
                    shared: true,
                    outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] ({Process}) {Message:lj}{NewLine}{Exception}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"warning: no log file: cannot create '{logDirectory}' ({e.Message})");
        }
        return configuration.CreateLogger();
    }
}
