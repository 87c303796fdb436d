namespace UtilityInsights.Domain;

/// <summary>Main heating fuel of a home (DESIGN §3 spellings in snake_case).</summary>
public enum HeatingFuel
{
    Electricity,
    NaturalGas,
    Propane,
    FuelOil,
    Wood,
    None,
    Other,
}

/// <summary>Housing type of a home, following the RECS categories.</summary>
public enum HomeType
{
    SingleFamilyDetached,
    SingleFamilyAttached,
    Apartment2To4Units,
    Apartment5PlusUnits,
    MobileHome,
}

/// <summary>The language an account reads its statements in.</summary>
public enum Language
{
    English,
    Spanish,
}

/// <summary>A language's code in templates and the portal (<c>en</c>, <c>es</c>) and the culture its money and dates are written in.</summary>
public static class Languages
{
    public static string Code(this Language language) => language == Language.Spanish ? "es" : "en";

    /// <summary>US English or US Spanish for a code (anything else is English).</summary>
    public static System.Globalization.CultureInfo Culture(string code) =>
        System.Globalization.CultureInfo.GetCultureInfo(code == "es" ? "es-US" : "en-US");
}

/// <summary>How an account wants its statements delivered.</summary>
public enum DeliveryChannel
{
    Paper,
    Email,
    Both,
}

/// <summary>
/// The file spellings of the enumerations (DESIGN §3). One table per enumeration, used both to
/// parse and to write, so what is written is always readable again.
/// </summary>
public static class Vocabulary
{
    private static readonly (HeatingFuel Value, string Text)[] Fuels =
    [
        (HeatingFuel.Electricity, "electricity"), (HeatingFuel.NaturalGas, "natural_gas"), (HeatingFuel.Propane, "propane"),
        (HeatingFuel.FuelOil, "fuel_oil"), (HeatingFuel.Wood, "wood"), (HeatingFuel.None, "none"), (HeatingFuel.Other, "other"),
    ];

    private static readonly (HomeType Value, string Text)[] HomeTypes =
    [
        (HomeType.SingleFamilyDetached, "single_family_detached"), (HomeType.SingleFamilyAttached, "single_family_attached"),
        (HomeType.Apartment2To4Units, "apartment_2_4_units"), (HomeType.Apartment5PlusUnits, "apartment_5plus_units"),
        (HomeType.MobileHome, "mobile_home"),
    ];

    private static readonly (Language Value, string Text)[] Languages = [(Language.English, "en"), (Language.Spanish, "es")];

    private static readonly (DeliveryChannel Value, string Text)[] Channels =
        [(DeliveryChannel.Paper, "paper"), (DeliveryChannel.Email, "email"), (DeliveryChannel.Both, "both")];

    public static string ToText(this HeatingFuel value) => Text(Fuels, value);

    public static string ToText(this HomeType value) => Text(HomeTypes, value);

    public static string ToText(this Language value) => Text(Languages, value);

    public static string ToText(this DeliveryChannel value) => Text(Channels, value);

    public static bool TryParseHeatingFuel(string text, out HeatingFuel value) => TryParse(Fuels, text, out value);

    public static bool TryParseHomeType(string text, out HomeType value) => TryParse(HomeTypes, text, out value);

    public static bool TryParseLanguage(string text, out Language value) => TryParse(Languages, text, out value);

    public static bool TryParseChannel(string text, out DeliveryChannel value) => TryParse(Channels, text, out value);

    public static string Allowed<T>()
        where T : struct, Enum
    {
        var texts = typeof(T) == typeof(HeatingFuel) ? Fuels.Select(f => f.Text)
            : typeof(T) == typeof(HomeType) ? HomeTypes.Select(h => h.Text)
            : typeof(T) == typeof(Language) ? Languages.Select(l => l.Text)
            : typeof(T) == typeof(DeliveryChannel) ? Channels.Select(c => c.Text)
            : throw new ArgumentException($"{typeof(T).Name} has no vocabulary.");
        return string.Join(", ", texts);
    }

    private static string Text<T>((T Value, string Text)[] table, T value)
        where T : struct, Enum
    {
        foreach (var entry in table)
        {
            if (EqualityComparer<T>.Default.Equals(entry.Value, value))
                return entry.Text;
        }
        throw new ArgumentOutOfRangeException(nameof(value), value, null);
    }

    private static bool TryParse<T>((T Value, string Text)[] table, string text, out T value)
        where T : struct, Enum
    {
        var trimmed = text.AsSpan().Trim();
        foreach (var entry in table)
        {
            if (trimmed.Equals(entry.Text, StringComparison.OrdinalIgnoreCase))
            {
                value = entry.Value;
                return true;
            }
        }
        value = default;
        return false;
    }
}
