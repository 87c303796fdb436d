using UtilityInsights.Units;

namespace UtilityInsights.Rating;

/// <summary>
/// What a bill line charges and how its amount was worked out, as data: the kind of line, its
/// numbers (quantities, rates, tier bounds, days) and the tariff's own names (periods, charges,
/// taxes). The rating engine writes no sentences; Statements' <c>LineWording</c> words every kind
/// in every language the statements speak.
/// </summary>
public abstract record LineFacts;

/// <summary>Which block of a tiered rate a line is: the first, a middle one (up to its own limit), or the last (over the limit before it).</summary>
public enum TierPosition
{
    First,
    Next,
    Over,
}

/// <summary>
/// The bound of a block of a tiered rate: <see cref="UpTo"/> in <see cref="LimitUnit"/> (a month's
/// units, a day's, or per kW of demand), with what it came to for this bill's
/// <see cref="Days"/> and <see cref="PeakKw"/>. For <see cref="TierPosition.Over"/> it is the limit
/// of the block before.
/// </summary>
public sealed record TierBand(TierPosition Position, decimal UpTo, TierLimitUnit LimitUnit, int Days, decimal PeakKw)
{
    /// <summary>The months of a monthly limit this billing period carries when the tariff prorates it (1 for a calendar month or a per-period tariff).</summary>
    public decimal Months { get; init; } = 1m;
}

/// <summary>
/// Usage priced at an energy rate: the commodity, the tariff's period (null when the tariff has one),
/// the block (null when the rate has one), the quantity, unit and rate. <see cref="PeriodShare"/> is
/// set when the blocks apply to the month's total usage and several periods share them: the period's
/// share of usage in the block.
/// </summary>
public sealed record EnergyCharge(Commodity Commodity, string? Period, TierBand? Tier, decimal Quantity, string Unit, decimal Rate, decimal? PeriodShare = null) : LineFacts;

/// <summary>Energy sent to the grid and credited at the sell rate (net billing); <see cref="Period"/> null when the tariff has one period.</summary>
public sealed record ExportCredit(string? Period, decimal Quantity, string Unit, decimal SellRate) : LineFacts;

/// <summary>Net metering with carried credits: the month's net use, the earlier credit applied and the credit carried forward.</summary>
public sealed record NetMeteringSummary(decimal NetUse, decimal CreditApplied, decimal CreditCarried, string Unit) : LineFacts;

/// <summary>
/// A fixed charge of the tariff (<see cref="Name"/> is its description): an amount a day for
/// <see cref="Days"/> days, or a month — prorated to <see cref="ProratedDays"/> of
/// <see cref="BillingDays"/> when a rate changed inside the period.
/// </summary>
public sealed record FixedChargeLine(string Name, decimal Amount, ChargeBasis Per, int Days, int? ProratedDays = null, int BillingDays = 0) : LineFacts
{
    /// <summary>A prorated tariff's months for a billing period that is not a calendar month (33 days: 1.084932), else null.</summary>
    public decimal? Months { get; init; }
}

/// <summary>The bill brought up to the tariff's minimum, <see cref="Floor"/>; <see cref="PerDay"/> set when the minimum is a daily one (for <see cref="Days"/> days).</summary>
public sealed record MinimumChargeLine(decimal Floor, decimal? PerDay, int Days) : LineFacts;

/// <summary>The month's fuel adjustment on the usage, at its average rate.</summary>
public sealed record FuelAdjustmentLine(decimal Quantity, string Unit, decimal Rate) : LineFacts;

/// <summary>A rider of the tariff (<see cref="Name"/> is its description) on the usage.</summary>
public sealed record RiderLine(string Name, decimal Quantity, string Unit, decimal Rate) : LineFacts;

/// <summary>A tax of the tariff (<see cref="Name"/> is its description): <see cref="Percent"/> % of <see cref="Basis"/>.</summary>
public sealed record TaxLine(string Name, decimal Percent, decimal Basis) : LineFacts;

/// <summary>
/// Demand priced per kW: the tariff's demand period (null for the month's flat demand), the block
/// (1-based; null when the rate has one), the kW in the block, the billing demand and the rate.
/// <see cref="RatchetKw"/> is set when a ratchet (a share of an earlier peak) set the billing demand
/// above this month's peak, <see cref="PeakKw"/>.
/// </summary>
public sealed record DemandCharge(string? Period, int? Block, decimal BlockKw, decimal Kw, decimal Rate, decimal? RatchetKw = null, decimal PeakKw = 0m) : LineFacts;

/// <summary>December's top-up that brings the year's bills to the tariff's annual minimum.</summary>
public sealed record AnnualMinimumLine(decimal Annual) : LineFacts;

/// <summary>Net billing: the export credit carried in from the last bill.</summary>
public sealed record CreditFromLastBill(decimal Amount) : LineFacts;

/// <summary>Net billing: the export credit this bill keeps for the next.</summary>
public sealed record CreditForNextBill(decimal Amount) : LineFacts;

/// <summary>Net metering's annual true-up: the year's unused credit paid at the sell rate.</summary>
public sealed record TrueUpCredit(decimal Quantity, string Unit, decimal SellRate) : LineFacts;
