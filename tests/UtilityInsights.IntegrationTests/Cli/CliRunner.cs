using System.Diagnostics;

namespace UtilityInsights.IntegrationTests.Cli;

/// <summary>What a command printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>Runs the real <c>utility-insights</c> program in a child process, in a working folder of the test's own.</summary>
public static class CliRunner
{
    private static readonly string Program = Path.Combine(AppContext.BaseDirectory, "utility-insights.dll");

    public static Task<CliResult> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, null, args);

    /// <summary>Runs the program with these environment variables set.</summary>
    public static Task<CliResult> RunWithAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(workingDirectory, null, hardKill: false, args, environment);

    /// <summary>Runs a command with <c>--json</c>, asserts it succeeded, and returns its JSON output.</summary>
    public static async Task<System.Text.Json.JsonElement> JsonAsync(string workingDirectory, params string[] args)
    {
        var result = await RunAsync(workingDirectory, [.. args, "--json"]);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return System.Text.Json.JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    /// <summary>Runs the program; <paramref name="interruptAfter"/> sends it SIGINT (Ctrl+C) after that long.</summary>
    public static Task<CliResult> RunAsync(string workingDirectory, TimeSpan? interruptAfter, params string[] args) =>
        RunAsync(workingDirectory, interruptAfter is { } delay ? _ => Task.Delay(delay) : null, hardKill: false, args);

    /// <summary>
    /// Runs the program and sends it SIGINT (Ctrl+C) <paramref name="then"/> after <paramref name="when"/> first holds: timed by what
    /// the program has begun, so that a slow start on a busy machine never lets the signal arrive before the program listens for it.
    /// </summary>
    public static Task<CliResult> InterruptWhenAsync(string workingDirectory, Func<bool> when, TimeSpan then, params string[] args) =>
        RunAsync(workingDirectory, Once(when, then), hardKill: false, args);

    /// <summary>As <see cref="InterruptWhenAsync(string, Func{bool}, TimeSpan, string[])"/>, with these environment variables set.</summary>
    public static Task<CliResult> InterruptWhenAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, Func<bool> when, TimeSpan then,
        params string[] args) =>
        RunAsync(workingDirectory, Once(when, then), hardKill: false, args, environment);

    /// <summary>Runs the program and kills it with SIGKILL after <paramref name="killAfter"/> (no chance to clean up), as a crash or <c>kill -9</c> would.</summary>
    public static Task<CliResult> KillAfterAsync(string workingDirectory, TimeSpan killAfter, params string[] args) =>
        RunAsync(workingDirectory, _ => Task.Delay(killAfter), hardKill: true, args);

    /// <summary>
    /// Runs the program and kills it with SIGKILL <paramref name="then"/> after <paramref name="when"/> first holds
    /// (checked every 5 ms while it runs): a kill timed by what the run has done, not by the clock, lands mid-run however fast the machine.
    /// </summary>
    public static Task<CliResult> KillWhenAsync(string workingDirectory, Func<bool> when, TimeSpan then, params string[] args) =>
        RunAsync(workingDirectory, Once(when, then), hardKill: true, args);

    /// <summary>Waits until <paramref name="when"/> holds (checked every 5 ms while the program runs), then <paramref name="then"/> more.</summary>
    private static Func<Process, Task> Once(Func<bool> when, TimeSpan then) => async process =>
    {
        while (!process.HasExited && !when())
            await Task.Delay(5);
        await Task.Delay(then);
    };

    /// <summary>A loopback port free a moment ago, for a server the test starts.</summary>
    public static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>
    /// Starts a long-running command (a worker) in the background, its output appended to <paramref name="logFile"/>; the caller
    /// stops it (<see cref="Process.Kill()"/> is SIGKILL: no chance to clean up, as a crash).
    /// </summary>
    public static Process StartBackground(string workingDirectory, string logFile, params string[] args) =>
        StartBackground(workingDirectory, logFile, null, args);

    /// <summary>As <see cref="StartBackground(string, string, string[])"/>, with these environment variables set (on top of the test's own).</summary>
    public static Process StartBackground(string workingDirectory, string logFile, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var process = Start(workingDirectory, args, environment);
        var log = TextWriter.Synchronized(new StreamWriter(logFile, append: true) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The program started in <paramref name="workingDirectory"/> with its output redirected, its logs in the folder's own <c>logs</c>, no input.</summary>
    private static Process Start(string workingDirectory, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Program);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["UTILITYINSIGHTS_LOG_DIR"] = Path.Combine(workingDirectory, "logs");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }

    /// <summary>Runs the program with these environment variables set (on top of the test's own).</summary>
    public static Task<CliResult> RunWithEnvironmentAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(workingDirectory, null, hardKill: false, args, environment);

    private static async Task<CliResult> RunAsync(string workingDirectory, Func<Process, Task>? interruptWhen, bool hardKill, string[] args,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(workingDirectory, args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (interruptWhen is not null)
        {
            await interruptWhen(process);
            if (hardKill)
            {
                if (!process.HasExited)
                    process.Kill();
            }
            else
            {
                using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
            }
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
