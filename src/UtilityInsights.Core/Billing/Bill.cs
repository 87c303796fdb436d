using UtilityInsights.Domain;
using UtilityInsights.Money;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Billing;

/// <summary>Where a bill stands: drafted by a run, held for review, approved, issued, or cancelled by a rebill.</summary>
public enum BillStatus
{
    Draft,
    Held,
    Approved,
    Issued,
    Cancelled,
}

/// <summary>A bill's statement document as stored: its format and template versions and the encoded document (the Statements project writes and reads it).</summary>
public sealed record BillDocument(int FormatVersion, string TemplateVersion, byte[] Content);

/// <summary>One printed line of a stored bill. <see cref="Amount"/> is rounded to the cent; the rate keeps six decimals; the unit is free text (kWh, kW, day, month).</summary>
public sealed record PrintedLine(int LineNo, string? Segment, string Category, string Description, decimal? Quantity, string? Unit, decimal? Rate,
    Money.Money Amount, string? Explanation);

/// <summary>
/// A bill as persisted by a bill run, with the versions of everything that produced it. At most
/// one bill exists per (account, cycle, revision); a rebill adds a revision.
/// </summary>
public sealed record Bill(string BillId, AccountId AccountId, string Cycle, int Revision, ServicePeriod Period, BillStatus Status,
    HoldReason? HoldReason, Quantity Usage, string? TariffId, int? TariffVersion, string? ModelVersion, string? TemplateVersion, string? RunId,
    DateOnly? DueDate, DateTimeOffset CreatedAt, DateTimeOffset? IssuedAt, IReadOnlyList<PrintedLine> Lines)
{
    /// <summary>The bill total: by construction the sum of its printed lines.</summary>
    public Money.Money Total => Lines.Select(l => l.Amount).Sum(Currency);

    public Currency Currency => Lines.Count > 0 ? Lines[0].Amount.Currency : Currency.Usd;

    /// <summary>A register read estimated for this bill (none was taken at the period's end), stored with it so that the next bill starts from it.</summary>
    public RegisterRead? RegisterEstimate { get; init; }

    /// <summary>The statement document stored with the bill (written with it; not loaded back with the bill — see the bill store's <c>DocumentAsync</c>).</summary>
    public BillDocument? Document { get; init; }

    /// <summary>The catalog ids of the tips the bill's statement showed.</summary>
    public IReadOnlyList<string> Tips { get; init; } = [];

    /// <summary>The neighbour-comparison state the statement showed (Great, Good, UsingMoreThanAverage), or null without a comparison.</summary>
    public string? ComparisonState { get; init; }

    /// <summary>What the bill hands to the next cycle's rating (credits, dollar credit, recent peaks), or null.</summary>
    public Rating.RatingCarry? Carry { get; init; }

    /// <summary>What the charges were computed from (days, kWh per period and tier, peaks), or null for a bill not rated (held as cannot_bill).</summary>
    public Rating.BillDeterminants? Determinants { get; init; }

    /// <summary>Net billing: the credit for the energy the premise sent to the grid, as its export lines add up (a negative amount), or null when it sent none.</summary>
    public Money.Money? ExportCredit { get; init; }
}
