using System.Text.Json;
using System.Text.Json.Serialization;

namespace UtilityInsights.Statements;

/// <summary>The utility's branding and ways to pay, per language, from <c>templates/branding.json</c>.</summary>
public sealed record BrandingConfig(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("primary_colour")] string PrimaryColour,
    [property: JsonPropertyName("phone")] string Phone,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("website")] string Website,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("payment_options")] IReadOnlyDictionary<string, IReadOnlyList<PaymentOptionConfig>> PaymentOptions)
{
    public static BrandingConfig Load(string path)
    {
        if (!File.Exists(path))
            throw new UserErrorException($"{path}: the branding file is missing.");
        var config = JsonSerializer.Deserialize<BrandingConfig>(File.ReadAllText(path))
            ?? throw new UserErrorException($"{path}: empty branding file.");
        if (!System.Text.RegularExpressions.Regex.IsMatch(config.PrimaryColour, "^#[0-9a-fA-F]{6}$"))
            throw new UserErrorException($"{path}: primary_colour must be #rrggbb.");
        return config;
    }

    public static BrandingConfig Default() => Load(Path.Combine(AppContext.BaseDirectory, "templates", "branding.json"));

    public UtilityBranding For(string language) => new(Name, PrimaryColour, Phone, Email, Website, Address,
        (PaymentOptions.GetValueOrDefault(language) ?? PaymentOptions["en"]).Select(p => new PaymentOption(p.Title, p.Detail)).ToList());
}

public sealed record PaymentOptionConfig([property: JsonPropertyName("title")] string Title, [property: JsonPropertyName("detail")] string Detail);
