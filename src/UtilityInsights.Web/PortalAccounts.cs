using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using UtilityInsights.Domain;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Web;

/// <summary>Creating portal users: the password is hashed with ASP.NET Core's <see cref="PasswordHasher{TUser}"/> and never stored.</summary>
public static class PortalAccounts
{
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    /// <summary>A random password of <paramref name="length"/> characters without look-alikes (no 0/o, 1/l/i).</summary>
    public static string NewPassword(int length = 14) => RandomNumberGenerator.GetString(Alphabet, length);

    /// <summary>A password derived from a seed and the user id (the seeded demo's users, the same on every run).</summary>
    public static string SeededPassword(int seed, string userId)
    {
        var bytes = HMACSHA256.HashData(BitConverter.GetBytes(seed), System.Text.Encoding.UTF8.GetBytes(userId));
        return string.Concat(bytes.Take(14).Select(b => Alphabet[b % Alphabet.Length]));
    }

    /// <summary>Adds or resets a user: a customer for <paramref name="account"/>, or an operator when it is null.</summary>
    public static async Task SetAsync(UtilityDatabase database, string userId, AccountId? account, string password, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (Identifier.Problem(userId) is { } problem)
            throw new UserErrorException($"user '{userId}' {problem}.");
        if (password.Length < 10)
            throw new UserErrorException("a portal password needs at least 10 characters.");
        if (account is { } id && await database.Accounts.GetAsync(id, cancellationToken) is null)
            throw new UserErrorException($"account {id} is not in {database.Target.Display}.");
        var role = account is null ? PortalRole.Operator : PortalRole.Customer;
        // Roles stay apart: an operator's name is never a customer's account id, and a user keeps the role it was made with.
        if (role == PortalRole.Operator && await database.Accounts.GetAsync(AccountId.Stored(userId), cancellationToken) is not null)
            throw new UserErrorException($"'{userId}' is a customer's account id: an operator needs a name of their own.");
        if (await database.PortalUsers.GetAsync(userId, cancellationToken) is { } existing && existing.Role != role)
            throw new UserErrorException($"portal user '{userId}' is a{(existing.Role == PortalRole.Operator ? "n operator" : " customer")}; a user keeps its role (give the {role.ToString().ToLowerInvariant()} another name).");
        var user = new PortalUser(userId, role, account, "", 0, null);
        var hash = new PasswordHasher<PortalUser>().HashPassword(user, password);
        await database.PortalUsers.SetAsync(user with { PasswordHash = hash }, clock, cancellationToken);
    }
}
