using System.CommandLine;
using Spectre.Console;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Cli.Commands;

/// <summary><c>api keys add --name N --scope read|write</c>, <c>api keys list</c>, <c>api keys revoke KEY_ID</c>: the integration API's keys.</summary>
public static class ApiCommands
{
    public static Command Create(CommandFactory factory)
    {
        var name = new Option<string>("--name") { Description = "The system the key is for, e.g. cis or payment-processor", Required = true };
        var scope = new Option<string>("--scope") { Description = "read (bills, balances, status, tariffs) or write (also posting payments and reads)", Required = true };
        scope.AcceptOnlyFromAmong("read", "write");
        var add = new Command("add", "Make an API key and print it once (only its hash is kept)") { name, scope };
        factory.SetAction(add, async (context, cancellationToken) =>
        {
            var system = context.Get(name).Trim();
            if (system.Length == 0 || system.Length > ApiKeyStore.MaxNameLength || system.Any(char.IsControl))
                throw new UserErrorException($"--name must be 1 to {ApiKeyStore.MaxNameLength} printable characters.");
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var (key, secret) = await database.ApiKeys.CreateAsync(system, context.Get(scope) == "write" ? ApiScope.Write : ApiScope.Read, context.Clock, cancellationToken);
            context.Log.Information("API key {KeyId} made for {Name} ({Scope})", key.KeyId, key.Name, key.Scope);
            if (context.Json)
            {
                CliContext.WriteJson(new { key = secret, key_id = key.KeyId, name = key.Name, scope = key.Scope });
                return ExitCodes.Success;
            }
            AnsiConsole.MarkupLine($"API key for [bold]{Markup.Escape(key.Name)}[/] ({key.Scope.ToString().ToLowerInvariant()}), shown once — send it as X-Api-Key:");
            Console.Out.WriteLine(secret);
            AnsiConsole.MarkupLine($"Key id {key.KeyId}; revoke with [bold]api keys revoke {key.KeyId}[/].");
            return ExitCodes.Success;
        });

        var list = new Command("list", "The API keys: id, system, scope, made, revoked (never the keys themselves)");
        factory.SetAction(list, async (context, cancellationToken) =>
        {
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var keys = await database.ApiKeys.ListAsync(cancellationToken);
            if (context.Json)
            {
                CliContext.WriteJson(keys.Select(k => new { key_id = k.KeyId, name = k.Name, scope = k.Scope, created_at = k.CreatedAt, revoked_at = k.RevokedAt }));
                return ExitCodes.Success;
            }
            var table = new Table().AddColumns("key id", "system", "scope", "made", "revoked");
            foreach (var k in keys)
            {
                table.AddRow(k.KeyId, Markup.Escape(k.Name), k.Scope.ToString().ToLowerInvariant(), k.CreatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
                    k.RevokedAt?.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }
            AnsiConsole.Write(table);
            return ExitCodes.Success;
        });

        var keyId = new Argument<string>("key-id") { Description = "The key's id (api keys list), the 12 hex digits after uik_" };
        var revoke = new Command("revoke", "Revoke an API key: every call with it is refused (401) from now on") { keyId };
        factory.SetAction(revoke, async (context, cancellationToken) =>
        {
            var id = context.Get(keyId);
            if (id.Length != 12 || !id.All(char.IsAsciiHexDigitLower))
                throw new UserErrorException($"key id '{id}' is not a key id (12 lowercase hex digits; see api keys list).");
            var database = await context.OpenDatabaseAsync(cancellationToken);
            if (!await database.ApiKeys.RevokeAsync(id, context.Clock, cancellationToken))
                throw new UserErrorException($"there is no API key {id} that is not already revoked (see api keys list).");
            context.Log.Information("API key {KeyId} revoked", id);
            if (context.Json)
                CliContext.WriteJson(new { key_id = id, revoked = true });
            else
                AnsiConsole.MarkupLine($"API key {id} revoked.");
            return ExitCodes.Success;
        });
        return new Command("api", "The integration API (/api/v1 in the portal)") { new Command("keys", "API keys for systems") { add, list, revoke } };
    }
}
