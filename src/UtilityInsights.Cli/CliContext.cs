using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Serilog;
using Spectre.Console;
using UtilityInsights.Storage;

namespace UtilityInsights.Cli;

/// <summary>Exit codes of every command (DESIGN §4).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int UserError = 1;
    public const int PartialSuccess = 2;
    public const int InternalError = 70;
    public const int Cancelled = 130;

    /// <summary>Success, or partial success when some rows were rejected (and kept aside with their reasons).</summary>
    public static int ForRejected(long rejected) => rejected > 0 ? PartialSuccess : Success;
}

/// <summary>The options every command takes, declared once and shared by the whole tree.</summary>
public static class GlobalOptions
{
    public static readonly Option<string> Db = new("--db")
    {
        Description = "SQLite file (default utility-insights.db), or a PostgreSQL or SQL Server connection string",
        DefaultValueFactory = _ => DatabaseTarget.DefaultFile,
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Machine-readable output on stdout (logs go to stderr and the log file)",
        Recursive = true,
    };

    public static readonly Option<string> LogFormat = new("--log-format")
    {
        Description = "Logs (stderr and the log file) as text, or as Serilog's compact JSON, one event a line (also UTILITYINSIGHTS_LOG_FORMAT)",
        DefaultValueFactory = _ => "text",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Log progress details to stderr as well as to the log file",
        Recursive = true,
    };
}

/// <summary>
/// What a command's action works with: the parsed options, the clock, the log and the console.
/// Human output goes to stdout through Spectre.Console; <c>--json</c> output is one JSON
/// document on stdout; progress bars appear only on an interactive terminal.
/// </summary>
public sealed class CliContext(ParseResult parse, TimeProvider clock, ILogger log)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public ParseResult Parse { get; } = parse;

    public TimeProvider Clock { get; } = clock;

    public ILogger Log { get; } = log;

    public bool Json => Parse.GetValue(GlobalOptions.Json);

    public string DbArgument => Parse.GetValue(GlobalOptions.Db) ?? DatabaseTarget.DefaultFile;

    /// <summary>Progress bars only on a terminal, never with <c>--json</c> or redirected output.</summary>
    public bool ShowProgress => !Json && !Console.IsOutputRedirected && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public T Get<T>(Option<T> option) => Parse.GetValue(option)!;

    public T Get<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    /// <summary>Opens the database named by <c>--db</c> and brings its schema up to date.</summary>
    public async Task<UtilityDatabase> OpenDatabaseAsync(CancellationToken cancellationToken)
    {
        var database = UtilityDatabase.Open(DbArgument);
        try
        {
            var result = await database.MigrateAsync(Clock, cancellationToken);
            if (result.Applied.Count > 0)
                Log.Information("Migrated {Database} from schema {From} to {To}", database.Target.Display, result.FromVersion, result.ToVersion);
            return database;
        }
        catch
        {
            database.DeleteIfCreatedByUs();
            throw;
        }
    }

    /// <summary>A date option (<c>YYYY-MM-DD</c>), or a user error naming the option.</summary>
    public static DateOnly Date(string text, string option) =>
        Time.RecordDates.TryParseDate(text, out var date, out var problem)
            ? date
            : throw new UserErrorException($"{option} '{text}' {problem}.");

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>Runs <paramref name="work"/> with a progress bar on a terminal, silently otherwise.</summary>
    public async Task<T> WithProgressAsync<T>(string description, Func<IProgress<double>, Task<T>> work)
    {
        if (!ShowProgress)
            return await work(new Progress<double>(_ => { }));
        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), maxValue: 1.0);
                result = await work(new SynchronousProgress(v => task.Value = v));
            });
        return result;
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
