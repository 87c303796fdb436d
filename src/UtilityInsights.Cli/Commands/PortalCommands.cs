using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Spectre.Console;
using UtilityInsights.Domain;
using UtilityInsights.Web;

namespace UtilityInsights.Cli.Commands;

/// <summary><c>serve --urls URL</c> runs the customer portal; <c>portal users add</c> gives a customer or an operator a password.</summary>
public static class PortalCommands
{
    public static Command Serve(CommandFactory factory)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (loopback unless behind a TLS proxy)", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var allowedHosts = new Option<string[]>("--allowed-hosts")
        {
            Description = "Host names the portal answers to, e.g. portal.example-utility.com (any request for another host gets 400); default any",
            AllowMultipleArgumentsPerToken = true,
        };
        var trustedProxies = new Option<string[]>("--trusted-proxy")
        {
            Description = "Address of a reverse proxy whose X-Forwarded-For and X-Forwarded-Proto are believed (loopback always is)",
            AllowMultipleArgumentsPerToken = true,
        };
        var config = new Option<string?>("--config")
        {
            Description = "Settings file (JSON; its Portal section: limits, lockout, sessions, branding, payment link); default appsettings.json here when there is one",
        };
        var serve = new Command("serve", "Run the customer portal and the integration API (statements, usage, Green Button, preferences; operators: bill run) until Ctrl+C")
        {
            urls, allowedHosts, trustedProxies, config,
        };
        factory.SetAction(serve, async (context, cancellationToken) =>
        {
            var flags = new Dictionary<string, string?>();
            foreach (var (text, i) in (context.Get(trustedProxies) ?? []).Select((t, i) => (t, i)))
            {
                if (!System.Net.IPAddress.TryParse(text, out _))
                    throw new UserErrorException($"--trusted-proxy '{text}' is not an IP address.");
                flags[$"{PortalSettings.Section}:TrustedProxies:{i}"] = text;
            }
            var hosts = context.Get(allowedHosts) ?? [];
            if (hosts.FirstOrDefault(h => !PortalSettings.IsHostName(h)) is { } badHost)
                throw new UserErrorException($"--allowed-hosts '{badHost}' is not a host name.");
            foreach (var (host, i) in hosts.Select((h, i) => (h, i)))
                flags[$"{PortalSettings.Section}:AllowedHosts:{i}"] = host;
            var settings = Settings(context.Get(config), flags);
            var database = await context.OpenDatabaseAsync(cancellationToken);
            // The portal logs to the same Serilog sinks as the command line (log file, stderr from warnings).
            using var logs = new Serilog.Extensions.Logging.SerilogLoggerProvider(context.Log);
            WebApplication app;
            try
            {
                app = PortalHost.Build(database, context.Get(urls), context.Clock, logs, configuration: settings);
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException e)
            {
                throw new UserErrorException($"the portal's settings are wrong: {string.Join("; ", e.Failures)}.");
            }
            await using var running = app;
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (Exception e) when (e is IOException { InnerException: Microsoft.AspNetCore.Connections.AddressInUseException } or System.Net.Sockets.SocketException)
            {
                // Kestrel's "Failed to bind to address …" (another program, or portal, listens there), or the socket's own refusal
                // (a port below 1024 without the privilege, an address not on this machine).
                throw new UserErrorException($"--urls {context.Get(urls)}: cannot listen there ({(e.InnerException ?? e).Message}); " +
                    "choose another address with --urls, or free this one.", e);
            }
            context.Log.Information("Portal listening on {Urls}", string.Join(", ", app.Urls));
            Console.Error.WriteLine($"Portal on {string.Join(", ", app.Urls)} (database {database.Target.Display}); Ctrl+C stops.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Success;
        });
        return serve;
    }

    /// <summary>
    /// The portal's configuration: the settings file (<c>--config</c>, else <c>appsettings.json</c> in the
    /// working directory when there is one), then environment variables (<c>Portal__MaxFailures=3</c>),
    /// then the flags of <c>serve</c>.
    /// </summary>
    private static IConfiguration Settings(string? file, Dictionary<string, string?> flags)
    {
        var path = file ?? (File.Exists("appsettings.json") ? "appsettings.json" : null);
        if (file is not null && !File.Exists(file))
            throw new UserErrorException($"--config '{file}' does not exist.");
        var builder = new ConfigurationBuilder();
        if (path is not null)
            builder.AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false);
        try
        {
            return builder.AddEnvironmentVariables().AddInMemoryCollection(flags).Build();
        }
        catch (InvalidDataException e)
        {
            throw new UserErrorException($"{path}: not a settings file: {e.InnerException?.Message ?? e.Message}");
        }
    }

    public static Command Portal(CommandFactory factory)
    {
        var account = new Option<string?>("--account") { Description = "The customer's account id (they sign in with it)" };
        var operatorName = new Option<string?>("--operator") { Description = "An operator's user name" };
        var add = new Command("add", "Add a portal user, or reset their password, and print the new password once") { account, operatorName };
        factory.SetAction(add, async (context, cancellationToken) =>
        {
            var customer = context.Get(account);
            var staff = context.Get(operatorName);
            if (customer is null == staff is null)
                throw new UserErrorException("give either --account A or --operator NAME.");
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var password = PortalAccounts.NewPassword();
            var userId = customer ?? staff!;
            await PortalAccounts.SetAsync(database, userId, customer is null ? null : new AccountId(customer), password, context.Clock, cancellationToken);
            context.Log.Information("Portal user {User} set ({Role})", userId, customer is null ? "operator" : "customer");
            if (context.Json)
                CliContext.WriteJson(new { user_id = userId, role = customer is null ? "operator" : "customer", password });
            else
                AnsiConsole.MarkupLine($"{Markup.Escape(userId)} can sign in with password [bold]{Markup.Escape(password)}[/] (shown once; run again to reset).");
            return ExitCodes.Success;
        });
        return new Command("portal", "The customer portal's users") { new Command("users", "Portal users") { add } };
    }
}
