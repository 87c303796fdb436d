using System.Security.Cryptography;
using System.Text;
using UtilityInsights.Domain;

namespace UtilityInsights.Programs;

/// <summary>Which side of a randomised program an account is on.</summary>
public enum ProgramArm
{
    /// <summary>Shown the neighbour comparison and the tips.</summary>
    Treatment,

    /// <summary>Billed as usual, without the comparison and tips: the program's savings are measured against it.</summary>
    Control,
}

public static class ProgramArms
{
    public static string ToText(this ProgramArm arm) => arm == ProgramArm.Control ? "control" : "treatment";

    /// <summary>The arm written in a file (<c>treatment</c> or <c>control</c>, any case), or null with anything else.</summary>
    public static ProgramArm? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "treatment" => ProgramArm.Treatment,
        "control" => ProgramArm.Control,
        _ => null,
    };
}

/// <summary>What an account's statement carries about a program it belongs to.</summary>
public sealed record ProgramMembership(string Program, ProgramArm Arm);

/// <summary>
/// A randomised program: from <see cref="Start"/> on, accounts in its treatment arm see the
/// comparison and tips and those in its control arm do not. <see cref="Holdout"/> is the share
/// held out as control; <see cref="Seed"/> makes the draw repeatable (null when the assignment
/// was imported from an evaluator's file); <see cref="Stratify"/> the characteristics the draw
/// was balanced on. Once created, a program and its assignments never change.
/// </summary>
public sealed record UtilityProgram
{
    /// <summary>What <c>--stratify</c> accepts: each a characteristic shared by the accounts of a stratum.</summary>
    public static readonly IReadOnlyList<string> StratifyKeys = ["region", "usage-decile", "tariff", "meter-kind"];

    public UtilityProgram(string name, DateOnly start, decimal holdout, int? seed, IReadOnlyList<string> stratify, string source, Insights.EligibilityRules? rules = null)
    {
        if (Identifier.Problem(name) is { } problem)
            throw new UserErrorException($"program name '{name}' {problem}.");
        if (holdout is <= 0 or >= 1)
            throw new UserErrorException($"--holdout {holdout}: a share of accounts strictly between 0 and 1 (0.2 holds out one in five).");
        ArgumentNullException.ThrowIfNull(stratify);
        if (stratify.FirstOrDefault(s => !StratifyKeys.Contains(s, StringComparer.Ordinal)) is { } unknown)
            throw new UserErrorException($"--stratify '{unknown}': one of {string.Join(", ", StratifyKeys)}.");
        Name = name;
        Start = start;
        Holdout = holdout;
        Seed = seed;
        Stratify = stratify;
        Source = source;
        Rules = rules ?? new Insights.EligibilityRules();
    }

    /// <summary>Who is eligible (enough history, not vacant-looking): the rules of the first draw, kept for the accounts assigned later.</summary>
    public Insights.EligibilityRules Rules { get; }

    public string Name { get; }

    /// <summary>The first day the treatment arm's statements carry the comparison and tips.</summary>
    public DateOnly Start { get; }

    public decimal Holdout { get; }

    public int? Seed { get; }

    public IReadOnlyList<string> Stratify { get; }

    /// <summary><c>random</c>, or the file an imported assignment came from.</summary>
    public string Source { get; }

    /// <summary>Whether a statement of <paramref name="period"/> falls under the program (it is issued on or after the start).</summary>
    public bool Covers(Time.ServicePeriod period) => period.EndExclusive >= Start;
}

/// <summary>
/// The random draw of a program, repeatable from its seed: within each stratum the accounts (in id
/// order) are shuffled and the first <c>holdout × n</c> held out as control — the fraction rounded
/// up or down at random, so that many small strata still hold out the share asked for. An account
/// that becomes eligible after the program was created draws its arm alone, from a hash of the
/// program, the seed and its id: the same every time it is asked, whichever process asks.
/// </summary>
public static class ProgramDraw
{
    public static IReadOnlyList<(string Account, ProgramArm Arm)> Assign(IEnumerable<(string Account, string Stratum)> eligible, decimal holdout, int seed)
    {
        ArgumentNullException.ThrowIfNull(eligible);
        var result = new List<(string, ProgramArm)>();
        foreach (var stratum in eligible.GroupBy(e => e.Stratum, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var accounts = stratum.Select(e => e.Account).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var random = new Random(StableSeed(seed, stratum.Key));
            random.Shuffle(accounts);
            var exact = (double)holdout * accounts.Length;
            var control = (int)Math.Floor(exact) + (random.NextDouble() < exact - Math.Floor(exact) ? 1 : 0);
            for (var i = 0; i < accounts.Length; i++)
                result.Add((accounts[i], i < control ? ProgramArm.Control : ProgramArm.Treatment));
        }
        return result;
    }

    /// <summary>The arm of an account assigned after the program's first draw.</summary>
    public static ProgramArm Late(string program, int seed, decimal holdout, string account) =>
        Uniform($"{program}\n{seed}\n{account}") < (double)holdout ? ProgramArm.Control : ProgramArm.Treatment;

    private static int StableSeed(int seed, string stratum) => (int)(BitConverter.ToUInt32(Hash($"{seed}\n{stratum}"), 0) & 0x7FFF_FFFF);

    private static double Uniform(string key) => (BitConverter.ToUInt64(Hash(key), 0) >> 11) * (1.0 / (1UL << 53));

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
