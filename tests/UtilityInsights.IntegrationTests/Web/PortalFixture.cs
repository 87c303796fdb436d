using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.Storage;

namespace UtilityInsights.IntegrationTests.Web;

/// <summary>
/// A small demo utility (its last month issued, an earlier month billed with held bills) and the
/// portal serving it on a free loopback port, in this process, on a real SQLite file.
/// </summary>
public sealed partial class PortalFixture : IAsyncDisposable
{
    public const string IssuedCycle = "2025-03";
    public const string HeldCycle = "2025-02";

    private PortalFixture(string folder, WebApplication app, UtilityDatabase database, string url, IReadOnlyList<(string Account, string Password)> customers,
        string operatorPassword)
    {
        (Folder, App, Database, Url, Customers, OperatorPassword) = (folder, app, database, url, customers, operatorPassword);
    }

    public string Folder { get; }

    public WebApplication App { get; }

    public UtilityDatabase Database { get; }

    public string Url { get; }

    public IReadOnlyList<(string Account, string Password)> Customers { get; }

    public string OperatorPassword { get; }

    public static async Task<PortalFixture> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("ui-portal-").FullName;
        var demo = await CliRunner.RunAsync(folder, "demo", "--premises", "40", "--months", "3", "--print-format", "html", "--json");
        Assert.That(demo.ExitCode, Is.EqualTo(0), demo.ToString());
        var held = await CliRunner.RunAsync(folder, "billrun", "--cycle", HeldCycle, "--hold-ceiling", "60");
        Assert.That(held.ExitCode, Is.EqualTo(0), held.ToString());
        using var json = JsonDocument.Parse(demo.Stdout);
        var customers = json.RootElement.GetProperty("portal_users").EnumerateArray()
            .Select(u => (u.GetProperty("account_id").GetString()!, u.GetProperty("password").GetString()!)).ToList();
        var operatorPassword = json.RootElement.GetProperty("operators")[0].GetProperty("password").GetString()!;
        var database = UtilityDatabase.Open(DatabaseTarget.Parse(Path.Combine(folder, "utility-insights.db")));
        var app = UtilityInsights.Web.PortalHost.Build(database, "http://127.0.0.1:0", TimeProvider.System);
        await app.StartAsync();
        return new PortalFixture(folder, app, database, app.Urls.First(), customers, operatorPassword);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>A client that keeps cookies by hand (the session cookie is Secure, which HttpClient would not send over http).</summary>
    public HttpSession NewSession() => new(Url);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    internal static partial Regex TokenPattern();
}

/// <summary>An HTTP session against the portal: follows no redirects, keeps every cookie it is given.</summary>
public sealed class HttpSession : IDisposable
{
    private readonly HttpClient client;
    private readonly Dictionary<string, string> cookies = new(StringComparer.Ordinal);

    public HttpSession(string url) => client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(url) };

    /// <summary>Headers sent with every request (e.g. <c>X-Forwarded-For</c>, as a proxy on loopback would add it, or <c>Host</c>).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The session cookies, to copy into another session (a stolen or second browser's cookie).</summary>
    public IReadOnlyDictionary<string, string> Cookies => cookies;

    public void CopyCookiesFrom(HttpSession other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (name, value) in other.cookies)
            cookies[name] = value;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, IReadOnlyDictionary<string, string>? form = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (cookies.Count > 0)
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        foreach (var (name, value) in Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
                request.Headers.Host = value;
            else
                request.Headers.TryAddWithoutValidation(name, value);
        }
        if (form is not null)
            request.Content = new FormUrlEncodedContent(form);
        var response = await client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            foreach (var cookie in set)
            {
                var pair = cookie.Split(';', 2)[0].Split('=', 2);
                cookies[pair[0]] = pair[1];
            }
        }
        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    /// <summary>Posts a form from <paramref name="formPage"/> with its antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        var page = await (await GetAsync(formPage)).Content.ReadAsStringAsync();
        var token = PortalFixture.TokenPattern().Match(page);
        Assert.That(token.Success, Is.True, $"{formPage} has an antiforgery token");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await SendAsync(HttpMethod.Post, action, fields);
    }

    public async Task<HttpResponseMessage> SignInAsync(string user, string password) =>
        await PostFormAsync("/login", "/login", new Dictionary<string, string> { ["account_id"] = user, ["password"] = password });

    public void Dispose() => client.Dispose();
}
