using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Rating;

/// <summary>
/// One printed line of a bill: what it charges and how (<see cref="Facts"/>, worded by the
/// statements in the customer's language), its determinant (quantity and unit), the rate applied,
/// and the amount rounded to the cent at this named point.
/// </summary>
public sealed record BillLine(ChargeCategory Category, LineFacts Facts, decimal? Quantity, string? Unit, decimal? Rate, Money.Money Amount)
{
    /// <summary>The segment of the period this line belongs to when a rate changed inside it, else null.</summary>
    public ServicePeriod? Segment { get; init; }

    public override string ToString() => $"{Facts}: {Amount}";
}

/// <summary>What the charges were computed from: usage per energy period, peaks per demand period, days.</summary>
public sealed record BillDeterminants(int Days, decimal TotalKwh, decimal PeakKw, IReadOnlyList<decimal> KwhByPeriod, IReadOnlyList<decimal> PeakKwByDemandPeriod,
    IReadOnlyList<IReadOnlyList<decimal>> KwhByPeriodAndTier);

/// <summary>
/// A rated bill for one service period. <see cref="Total"/> is, by construction, the sum of the
/// printed lines; the per-category sums are the same lines grouped.
/// </summary>
public sealed record RatedBill(string TariffId, ServicePeriod Period, Quantity Usage, decimal PeakKw, IReadOnlyList<BillLine> Lines, BillDeterminants Determinants)
{
    /// <summary>When a rate version changed inside the period: the bill of each segment, in order; else empty.</summary>
    public IReadOnlyList<RatedBill> Segments { get; init; } = [];

    /// <summary>Net metering: the kWh credits per energy period carried to the next bill (empty without credits).</summary>
    public IReadOnlyList<decimal> CarriedCredits { get; init; } = [];

    /// <summary>What the last bill of a rating hands to the next cycle's (credits, dollar credit, recent peaks); null on the others.</summary>
    public RatingCarry? CarryOut { get; init; }

    public Money.Money Total => Sum(_ => true);

    public Money.Money Charges(ChargeCategory category) => Sum(l => l.Category == category);

    /// <summary>Net billing: what the energy sent to the grid was credited (its export lines, a negative amount), or null when the bill has none.</summary>
    public Money.Money? ExportCredit => Lines.Any(l => l.Facts is ExportCredit) ? Sum(l => l.Facts is ExportCredit) : null;

    private Money.Money Sum(Func<BillLine, bool> which)
    {
        var currency = Lines.Count > 0 ? Lines[0].Amount.Currency : Money.Currency.Usd;
        return Money.MoneyEnumerableExtensions.Sum(Lines.Where(which).Select(l => l.Amount), currency);
    }
}

/// <summary>
/// One interval of usage: its start instant, length and amount in the meter's unit — kWh for
/// electricity, therms for gas, gallons for water — negative when the premise exported. The amount
/// is held as an exact integer of millionths (the storage precision), so that rating adds integers,
/// not decimals, for every interval.
/// </summary>
public readonly record struct UsageInterval
{
    public UsageInterval(DateTimeOffset start, int minutes, decimal amount)
    {
        Start = start;
        Minutes = minutes;
        Millionths = ToMillionths(amount);
    }

    public DateTimeOffset Start { get; init; }

    public int Minutes { get; init; }

    /// <summary>The amount in millionths of the meter's unit.</summary>
    public long Millionths { get; init; }

    /// <summary>The amount in the meter's unit (kWh, therm, gal…), rounded to six decimals when set.</summary>
    public decimal Amount
    {
        get => Millionths / 1_000_000m;
        init => Millionths = ToMillionths(value);
    }

    private static long ToMillionths(decimal amount) => decimal.ToInt64(Math.Round(amount * 1_000_000m, MidpointRounding.AwayFromZero));
}

/// <summary>
/// What one cycle's bill hands to the next when cycles are rated one at a time (a monthly bill run):
/// net-metering kWh credits per energy period, the net-billing dollar credit, and the peaks of the
/// last twelve months (for demand ratchets), and — for a tariff with an annual minimum charge — the
/// calendar year's bills so far. Rating a year month by month with each month's carry gives the same
/// bills as rating it in one go.
/// </summary>
public sealed record RatingCarry(IReadOnlyList<decimal> Credits, decimal DollarCredit, IReadOnlyList<decimal> RecentPeaks)
{
    public static readonly RatingCarry None = new([], 0m, []);

    /// <summary>The sum of this calendar year's whole-month bills so far (annual minimum charge).</summary>
    public decimal YearToDate { get; init; }

    /// <summary>How many whole months of this calendar year have been billed.</summary>
    public int YearMonths { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Credits.All(c => c == 0) && DollarCredit == 0 && RecentPeaks.Count == 0 && YearToDate == 0 && YearMonths == 0;
}
