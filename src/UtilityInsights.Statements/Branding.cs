using System.Text.Json;
using System.Text.Json.Serialization;
using UtilityInsights.Units;

namespace UtilityInsights.Statements;

/// <summary>
/// The utility's branding, contacts and ways to pay, per language where it is worded, from
/// <c>templates/branding.json</c>: what the statement, the reminders and the portal say about the utility.
/// </summary>
public sealed record BrandingConfig(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("primary_colour")] string PrimaryColour,
    [property: JsonPropertyName("phone")] string Phone,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("website")] string Website,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("payment_options")] IReadOnlyDictionary<string, IReadOnlyList<PaymentOptionConfig>> PaymentOptions)
{
    /// <summary>The number to call about an outage or an emergency (a line down, a main break), any time.</summary>
    [JsonPropertyName("emergency_phone")]
    public string? EmergencyPhone { get; init; }

    /// <summary>The number a gas customer calls when they smell gas, any time, when it is not <see cref="EmergencyPhone"/>.</summary>
    [JsonPropertyName("gas_emergency_phone")]
    public string? GasEmergencyPhone { get; init; }

    /// <summary>The utility's payment page: the portal's "Pay now" goes there.</summary>
    [JsonPropertyName("pay_url")]
    public string? PayUrl { get; init; }

    /// <summary>How to question a bill or complain to the utility, per language.</summary>
    [JsonPropertyName("disputes")]
    public IReadOnlyDictionary<string, string>? Disputes { get; init; }

    /// <summary>The regulator a customer may turn to when the utility cannot settle a complaint, per language.</summary>
    [JsonPropertyName("regulator")]
    public IReadOnlyDictionary<string, string>? Regulator { get; init; }

    public static BrandingConfig Load(string path)
    {
        if (!File.Exists(path))
            throw new UserErrorException($"{path}: the branding file is missing.");
        BrandingConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<BrandingConfig>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"{path}: not a branding file ({e.Message}).");
        }
        if (config is null)
            throw new UserErrorException($"{path}: empty branding file.");
        if (!System.Text.RegularExpressions.Regex.IsMatch(config.PrimaryColour, "^#[0-9a-fA-F]{6}$"))
            throw new UserErrorException($"{path}: primary_colour must be #rrggbb.");
        if (config.PayUrl is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            throw new UserErrorException($"{path}: pay_url must be an http or https address.");
        return config;
    }

    public static BrandingConfig Default() => Load(Path.Combine(AppContext.BaseDirectory, "templates", "branding.json"));

    /// <summary>
    /// The branding in <paramref name="language"/>, its ways to pay as an AutoPay customer reads them when <paramref name="autoPay"/>; with
    /// a bill's <paramref name="commodity"/> and the words of its language (<paramref name="strings"/>), the emergency line that bill
    /// gives: a gas bill's tells someone who smells gas to leave and call the gas emergency number.
    /// </summary>
    public UtilityBranding For(string language, bool autoPay = false, Commodity? commodity = null, IReadOnlyDictionary<string, string>? strings = null) =>
        new(Name, PrimaryColour, Phone, Email, Website, Address,
        (PaymentOptions.GetValueOrDefault(language) ?? PaymentOptions["en"])
            .Select(p => new PaymentOption(p.Title, autoPay && p.EnrolledDetail is { } enrolled ? enrolled : p.Detail)).ToList())
        {
            EmergencyPhone = commodity == Commodity.Gas ? GasEmergencyPhone ?? EmergencyPhone : EmergencyPhone,
            EmergencyPrompt = commodity is { } billed && strings is not null ? strings[EmergencyPromptKey(billed)] : null,
            PayUrl = PayUrl,
            Disputes = Worded(Disputes, language),
            Regulator = Worded(Regulator, language),
        };

    /// <summary>The words before a bill's emergency number, by what it bills (<c>templates/i18n</c>).</summary>
    public static string EmergencyPromptKey(Commodity commodity) => commodity switch
    {
        Commodity.Gas => "emergency_gas",
        Commodity.Water => "emergency_water",
        _ => "emergency",
    };

    private static string? Worded(IReadOnlyDictionary<string, string>? texts, string language) =>
        texts is null ? null : texts.GetValueOrDefault(language) ?? texts.GetValueOrDefault("en");
}

public sealed record PaymentOptionConfig([property: JsonPropertyName("title")] string Title, [property: JsonPropertyName("detail")] string Detail)
{
    /// <summary>
    /// What the option says instead to a customer already on it — AutoPay's "you are signed up …" rather than "sign up online" —, or
    /// null: it says the same to everyone.
    /// </summary>
    [JsonPropertyName("enrolled_detail")]
    public string? EnrolledDetail { get; init; }
}
