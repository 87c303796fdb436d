using System.Globalization;
using UtilityInsights.Domain;
using UtilityInsights.Money;
using UtilityInsights.Rating;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Statements;

/// <summary>
/// Words a bill line (<see cref="LineFacts"/>: its kind and numbers) in the statement's language —
/// the one place the rating engine's lines become sentences, in English and Spanish. The tariff's
/// names (rate schedule, charge, period and tax names, which come from the tariff document) are put
/// into the language by the glossary in <c>templates/glossary/LANGUAGE.json</c>; a name missing from
/// it is printed as the tariff has it. Numbers and amounts are written the same in every language.
/// </summary>
public sealed class LineWording
{
    private readonly Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>> glossaries;

    public LineWording(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> glossaries)
    {
        ArgumentNullException.ThrowIfNull(glossaries);
        // Longest names first, so "Summer on-peak" is replaced before "Summer".
        this.glossaries = glossaries.ToDictionary(g => g.Key,
            g => (IReadOnlyList<KeyValuePair<string, string>>)g.Value.OrderByDescending(e => e.Key.Length).ThenBy(e => e.Key, StringComparer.Ordinal).ToList(),
            StringComparer.Ordinal);
    }

    public static readonly LineWording English = new(new Dictionary<string, IReadOnlyDictionary<string, string>>());

    /// <summary>A line's name in <paramref name="language"/> (English unless it is <c>es</c>).</summary>
    public string Describe(LineFacts facts, string language)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var es = language == "es";
        return (facts switch
        {
            EnergyCharge e => Join(Join(UsageName(e.Commodity, es), Name(e.Period, language)), e.Tier is { } band ? TierWords(band, e.Unit, es) : null),
            ExportCredit x => Join(es ? "Crédito por energía exportada" : "Credit for energy exported", Name(x.Period, language)),
            NetMeteringSummary => es ? "Medición neta" : "Net metering",
            FixedChargeLine f => Name(f.Name, language)!,
            MinimumChargeLine => es ? "Cargo mínimo" : "Minimum charge",
            FuelAdjustmentLine => es ? "Ajuste por combustible" : "Fuel adjustment",
            RiderLine r => Name(r.Name, language)!,
            TaxLine t => Name(t.Name, language)!,
            DemandCharge d => Join(Join(es ? "Demanda" : "Demand", Name(d.Period, language)), d.Block is { } block ? (es ? "bloque " : "block ") + block.ToString(Invariant) : null),
            AnnualMinimumLine => es ? "Cargo mínimo anual" : "Annual minimum charge",
            CreditFromLastBill => es ? "Crédito de la factura anterior" : "Credit from last month",
            CreditForNextBill => es ? "Crédito para la próxima factura" : "Credit carried to next month",
            TrueUpCredit => es ? "Crédito de liquidación anual de la medición neta" : "Net metering true-up credit",
            _ => throw new ArgumentOutOfRangeException(nameof(facts), facts, "a kind of bill line without wording"),
        })!;
    }

    /// <summary>How a line's amount was worked out, in <paramref name="language"/>. Numbers are written the same in every language.</summary>
    public string Explain(LineFacts facts, string language)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var es = language == "es";
        var at = es ? " a " : " at ";
        return facts switch
        {
            EnergyCharge { Tier: { } band, PeriodShare: { } share } e => es
                ? $"{Amount(e.Quantity, e.Unit)} (parte de {MoneyText.Percent(share, Languages.Culture("es"), 1)} del consumo de {Name(e.Period, language)} en el bloque de {TierWords(band, e.Unit, es)}) a {Rate(e.Rate)}/{e.Unit}"
                : $"{Amount(e.Quantity, e.Unit)} ({e.Period}'s {MoneyText.Percent(share, Languages.Culture("en"), 1)} share of usage in the {TierWords(band, e.Unit, es)} block) at {Rate(e.Rate)}/{e.Unit}",
            EnergyCharge e => $"{(e.Tier is { } band ? Capitalise(TierWords(band, e.Unit, es)) + ": " : "")}{Amount(e.Quantity, e.Unit)}{at}{Rate(e.Rate)}/{e.Unit}",
            ExportCredit x => es
                ? $"{Amount(x.Quantity, x.Unit)} enviados a la red, acreditados a {Rate(x.SellRate)}/{x.Unit} (facturación neta)"
                : $"{Amount(x.Quantity, x.Unit)} sent to the grid, credited at {Rate(x.SellRate)}/{x.Unit} (net billing)",
            NetMeteringSummary n => es
                ? $"Consumo neto del mes {Amount(n.NetUse, n.Unit)}; {Amount(n.CreditApplied, n.Unit)} de crédito anterior aplicados; {Amount(n.CreditCarried, n.Unit)} de crédito para el próximo mes"
                : $"Net use this month {Amount(n.NetUse, n.Unit)}; {Amount(n.CreditApplied, n.Unit)} of earlier credit applied; {Amount(n.CreditCarried, n.Unit)} of credit carried forward",
            FixedChargeLine { Per: ChargeBasis.PerDay } f => es ? $"{Dollars(f.Amount)} al día × {f.Days} días" : $"{Dollars(f.Amount)} a day × {f.Days} days",
            FixedChargeLine { ProratedDays: { } prorated } f => es
                ? $"{Dollars(f.Amount)} al mes{MonthsWords(f.Months, f.BillingDays, es)} × {prorated}/{f.BillingDays} del período de facturación"
                : $"{Dollars(f.Amount)} a month{MonthsWords(f.Months, f.BillingDays, es)} × {prorated}/{f.BillingDays} of the billing period",
            FixedChargeLine f => (es ? $"{Dollars(f.Amount)} al mes" : $"{Dollars(f.Amount)} a month") + MonthsWords(f.Months, f.Days, es),
            MinimumChargeLine m => (es ? "La factura se eleva al mínimo de " : "The bill is brought up to the minimum of ") + Dollars(m.Floor)
                + (m.PerDay is { } perDay ? (es ? $" ({Dollars(perDay)} al día × {m.Days} días)" : $" ({Dollars(perDay)} a day × {m.Days} days)") : ""),
            FuelAdjustmentLine u => es
                ? $"{Amount(u.Quantity, u.Unit)} al ajuste por combustible del mes de {Rate(u.Rate)}/{u.Unit}"
                : $"{Amount(u.Quantity, u.Unit)} at the month's fuel adjustment of {Rate(u.Rate)}/{u.Unit}",
            RiderLine r => $"{Amount(r.Quantity, r.Unit)}{at}{Rate(r.Rate)}/{r.Unit}",
            TaxLine t => $"{MoneyText.Percent(t.Percent / 100, Languages.Culture(language), 3)} {(es ? "de" : "of")} {Dollars(t.Basis)}",
            DemandCharge d => $"{d.BlockKw.ToString("0.###", Invariant)} kW {(es ? "de" : "of")} {DemandWhat(d, language)} ({d.Kw.ToString("0.###", Invariant)} kW){at}{Dollars(d.Rate)}/kW",
            AnnualMinimumLine a => es
                ? $"Las facturas del año se elevan al mínimo anual de {Money(a.Annual)}"
                : $"The year's bills are brought up to the annual minimum of {Money(a.Annual)}",
            CreditFromLastBill c => es
                ? $"Crédito por energía exportada de {Money(c.Amount)} que trae la factura anterior"
                : $"Export credit of {Money(c.Amount)} carried from the last bill",
            CreditForNextBill c => es
                ? $"{Money(c.Amount)} de crédito por energía exportada quedan para la próxima factura"
                : $"{Money(c.Amount)} of export credit is kept for the next bill",
            TrueUpCredit u => es
                ? $"El crédito no usado del año, {Amount(u.Quantity, u.Unit)}, pagado a {Rate(u.SellRate)}/{u.Unit}"
                : $"The year's unused credit of {Amount(u.Quantity, u.Unit)} paid at {Rate(u.SellRate)}/{u.Unit}",
            _ => throw new ArgumentOutOfRangeException(nameof(facts), facts, "a kind of bill line without wording"),
        };
    }

    /// <summary>The part of a period a line belongs to when a rate changed inside it ("Jan 1 – Jan 14").</summary>
    public static string Segment(ServicePeriod segment) =>
        $"{segment.Start.ToString("MMM d", Invariant)} – {segment.LastDay.ToString("MMM d", Invariant)}";

    /// <summary>A name from the tariff (a period, a charge, a tax) in <paramref name="language"/>, by the glossary; as the tariff has it when the glossary lacks it.</summary>
    public string? Name(string? name, string language)
    {
        if (name is null || !glossaries.TryGetValue(language, out var glossary))
            return name;
        foreach (var (english, translated) in glossary)
            name = name.Replace(english, translated, StringComparison.Ordinal);
        return name;
    }

    private string DemandWhat(DemandCharge d, string language) => (d, language == "es") switch
    {
        ({ Period: { } period }, true) => $"la demanda máxima en horas de {Name(period, language)}",
        ({ Period: { } period }, false) => $"the highest demand in {period} hours",
        ({ RatchetKw: { } ratchet }, true) =>
            $"el trinquete ({ratchet.ToString("0.###", Invariant)} kW: una parte de la punta de un mes anterior, mayor que los {d.PeakKw.ToString("0.###", Invariant)} kW de este mes)",
        ({ RatchetKw: { } ratchet }, false) =>
            $"the ratchet ({ratchet.ToString("0.###", Invariant)} kW: a share of an earlier month's peak, above this month's {d.PeakKw.ToString("0.###", Invariant)} kW)",
        (_, true) => "la demanda máxima del mes",
        _ => "the month's highest demand",
    };

    private static string UsageName(Commodity commodity, bool es) => (commodity, es) switch
    {
        (Commodity.Gas, _) => "Gas",
        (Commodity.Water, true) => "Agua",
        (Commodity.Water, false) => "Water",
        (_, true) => "Energía",
        _ => "Energy",
    };

    /// <summary>A block of a tiered rate in words: "first 500 kWh", "next block up to 1,000 kWh", "over 1,000 kWh".</summary>
    private static string TierWords(TierBand band, string unit, bool es)
    {
        var upTo = band.UpTo.ToString("#,0.###", Invariant);
        string Scaled(decimal value) => value.ToString("#,0.###", Invariant);
        var limit = (band.LimitUnit, es) switch
        {
            (TierLimitUnit.Kwh, _) when band.Months == 1m => $"{upTo} {unit}",
            (TierLimitUnit.Kwh, true) => $"{upTo} {unit} al mes ({Scaled(Math.Round(band.UpTo * band.Months, 3))} {unit} para {band.Days} días)",
            (TierLimitUnit.Kwh, false) => $"{upTo} {unit} a month ({Scaled(Math.Round(band.UpTo * band.Months, 3))} {unit} for {band.Days} days)",
            (TierLimitUnit.KwhDaily, true) => $"{upTo} {unit} al día ({Scaled(band.UpTo * band.Days)} {unit} para {band.Days} días)",
            (TierLimitUnit.KwhDaily, false) => $"{upTo} {unit} a day ({Scaled(band.UpTo * band.Days)} {unit} for {band.Days} days)",
            (TierLimitUnit.KwhPerKw, true) => $"{upTo} kWh por kW de demanda ({Scaled(Math.Round(band.UpTo * band.PeakKw * band.Months, 3))} kWh)",
            (TierLimitUnit.KwhPerKw, false) => $"{upTo} kWh per kW of demand ({Scaled(Math.Round(band.UpTo * band.PeakKw * band.Months, 3))} kWh)",
            (_, true) => $"{upTo} kWh por kW al día ({Scaled(band.UpTo * band.PeakKw * band.Days)} kWh)",
            _ => $"{upTo} kWh per kW a day ({Scaled(band.UpTo * band.PeakKw * band.Days)} kWh)",
        };
        return (band.Position, es) switch
        {
            (TierPosition.First, true) => "primeros " + limit,
            (TierPosition.First, false) => "first " + limit,
            (TierPosition.Over, true) => "más de " + limit,
            (TierPosition.Over, false) => "over " + limit,
            (_, true) => "siguiente bloque hasta " + limit,
            _ => "next block up to " + limit,
        };
    }

    /// <summary>A prorated tariff's months for a period that is not a calendar month: " × 1.084932 months (33 days × 12 ÷ 365)", else nothing.</summary>
    private static string MonthsWords(decimal? months, int days, bool es) => months is not { } m ? ""
        : es ? $" × {m.ToString("0.######", Invariant)} meses ({days} días × 12 ÷ 365)" : $" × {m.ToString("0.######", Invariant)} months ({days} days × 12 ÷ 365)";

    private static string? Join(string? first, string? second) => second is null ? first : $"{first}, {second}";

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Amount(decimal quantity, string unit) => quantity.ToString("#,0.###", Invariant) + " " + unit;

    private static string Rate(decimal rate) => "$" + rate.ToString("0.0000##", Invariant);

    /// <summary>A rate in dollars; a credit (negative) with a minus sign before the dollar sign (−$7.00).</summary>
    private static string Dollars(decimal amount) => (amount < 0 ? "\u2212$" : "$") + Math.Abs(amount).ToString("#,0.00##", Invariant);

    private static string Money(decimal amount) => (amount < 0 ? "\u2212$" : "$") + Math.Abs(amount).ToString("#,0.00", Invariant);

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A line's unit in the statement's language ("month" → "mes"; kWh, kW and the like are the same in both).</summary>
    public static string Unit(string? unit, string language) => (unit, language) switch
    {
        (null, _) => "",
        ("month", "es") => "mes",
        ("day", "es") => "días",
        ("month", _) => "month",
        ("day", _) => "days",
        _ => unit,
    };
}
