using UtilityInsights.Domain;

namespace UtilityInsights.Ingestion.Samples;

/// <summary>One generated household: account, premise attributes and the parameters of its load.</summary>
internal sealed record SampleHome(
    int Index,
    SampleRegion Region,
    string AccountId,
    string PremiseId,
    string MeterId,
    string Name,
    string ServiceAddress,
    string? Email,
    string Phone,
    Language Language,
    DeliveryChannel Channel,
    string Cycle,
    decimal Latitude,
    decimal Longitude,
    int FloorArea,
    int Occupants,
    HeatingFuel HeatingFuel,
    HomeType HomeType,
    int YearBuilt,
    bool HasAc,
    bool HasPool,
    bool HasEv,
    bool HasSolar,
    string TariffId,
    bool IntervalMetered,
    double BaseKw,
    double HeatKwhPerDegreeHour,
    double CoolKwhPerDegreeHour,
    double SolarKwPeak,
    double Thermostat,
    double Noise)
{
    private static readonly string[] FirstNames =
    [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William", "Barbara",
        "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Karen", "Chris", "Sarah", "Daniel", "Lisa", "Matthew", "Nancy", "Anthony",
        "Betty", "Mark", "Sandra", "Steven", "Ashley", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle", "Kevin", "Carol",
        "Brian", "Amanda", "Mei", "Wei", "Priya", "Arjun", "Aisha", "Omar", "Yuki", "Kenji", "Fatima", "Noah",
    ];

    private static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore",
        "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King",
        "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips",
        "Evans", "Turner", "Nguyen", "Chen", "Patel", "Kim", "O'Brien", "Murphy", "Cohen", "Okafor", "Novak", "Larsen", "Rossi",
    ];

    private static readonly string[] SpanishFirstNames =
    [
        "José", "María", "Juan", "Guadalupe", "Luis", "Rosa", "Carlos", "Ana", "Jorge", "Carmen", "Miguel", "Lucía", "Alejandro",
        "Sofía", "Javier", "Isabel", "Fernando", "Elena", "Ricardo", "Valeria",
    ];

    private static readonly string[] SpanishLastNames =
    [
        "García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez", "Ramírez", "Torres", "Flores",
        "Rivera", "Gómez", "Díaz", "Reyes", "Morales", "Cruz", "Ortiz", "Gutiérrez", "Chávez",
    ];

    private static readonly string[] Streets =
    [
        "Maple", "Oak", "Cedar", "Pine", "Elm", "Willow", "Birch", "Aspen", "Juniper", "Magnolia", "Sycamore", "Hickory", "Lakeview",
        "Hillcrest", "Sunset", "Meadow", "River", "Park", "Spring", "Ridge", "Valley", "Highland", "Prairie", "Mesa", "Harbor",
    ];

    private static readonly string[] StreetSuffixes = ["St", "Ave", "Dr", "Ln", "Ct", "Way", "Blvd", "Pl"];

    /// <summary>Draws household <paramref name="index"/> of the territory; the same seed and index give the same home.</summary>
    public static SampleHome Create(int seed, int index)
    {
        var rng = new SampleRandom(seed, 0x484F4D45, (ulong)index);
        var region = SampleRegion.All[rng.Pick(SampleRegion.All.Select(r => r.Share).ToList())];
        var type = SampleRegion.HomeTypes[rng.Pick(SampleRegion.HomeTypes.Select(t => t.Share).ToList())];
        var floorArea = (int)Math.Clamp(Math.Round(type.MedianSqft * Math.Exp(type.LogSd * rng.Gaussian()) / 10) * 10, 300, 8000);
        var sizeFactor = Math.Pow(floorArea / type.MedianSqft, 0.3);
        var occupants = Math.Clamp(1 + rng.Poisson(Math.Max(0.2, (type.MeanOccupants - 1) * sizeFactor)), 1, 9);
        var decade = SampleRegion.Decades[rng.Pick(SampleRegion.Decades.Select(d => d.Share).ToList())];
        var yearBuilt = rng.Next(decade.From, decade.To + 1);
        var fuelDraw = rng.NextDouble();
        var fuel = fuelDraw < region.ElectricHeatShare ? HeatingFuel.Electricity
            : fuelDraw < region.ElectricHeatShare + region.GasHeatShare ? HeatingFuel.NaturalGas
            : rng.Pick([HeatingFuel.Propane, HeatingFuel.FuelOil, HeatingFuel.Wood, HeatingFuel.None, HeatingFuel.Propane, HeatingFuel.FuelOil]);
        var detached = type.Type is HomeType.SingleFamilyDetached or HomeType.SingleFamilyAttached;
        var hasAc = rng.Chance(region.AcShare);
        var hasPool = type.Type == HomeType.SingleFamilyDetached && rng.Chance(region.PoolShare * 1.5);
        var hasEv = rng.Chance(detached ? 0.05 : 0.015);
        var hasSolar = detached && rng.Chance(region.SolarShare * 1.3);

        var spanish = rng.Chance(region.Code is "hot-humid" or "hot-dry" ? 0.16 : 0.06);
        var first = spanish ? rng.Pick(SpanishFirstNames) : rng.Pick(FirstNames);
        var last = spanish ? rng.Pick(SpanishLastNames) : rng.Pick(LastNames);
        var channelDraw = rng.NextDouble();
        var channel = channelDraw < 0.45 ? DeliveryChannel.Paper : channelDraw < 0.85 ? DeliveryChannel.Email : DeliveryChannel.Both;
        var number = index + 1;
        var email = channel == DeliveryChannel.Paper && rng.Chance(0.5) ? null : $"{Ascii(first)}.{Ascii(last)}{number}@example.com".ToLowerInvariant();
        if (email is null && channel != DeliveryChannel.Paper)
            channel = DeliveryChannel.Paper;
        var unit = type.Type is HomeType.Apartment2To4Units or HomeType.Apartment5PlusUnits ? $" Apt {rng.Next(1, 40)}" : string.Empty;
        var address = $"{rng.Next(100, 9999)} {rng.Pick(Streets)} {rng.Pick(StreetSuffixes)}{unit}, {region.City}, {region.State} {region.ZipPrefix}{rng.Next(10, 99)}";

        var age = Math.Clamp((2020 - yearBuilt) / 60.0, 0, 1.5);
        var envelope = (0.75 + 0.45 * age) * Math.Exp(0.15 * rng.Gaussian());
        var tariff = rng.Pick(["RES-FLAT", "RES-TIERED", "RES-TIERED", "RES-TOU"]);
        var home = new SampleHome(
            index, region, $"A-{number:000000}", $"P-{number:000000}", $"M-{number:000000}", $"{first} {last}", address, email,
            $"555-01{rng.Next(0, 100):00}", spanish ? Language.Spanish : Language.English, channel, SampleUtilityGenerator.RouteName(1 + index % SampleOptions.Routes),
            Math.Round(region.Latitude + (decimal)(rng.NextDouble() - 0.5) * 0.4m, 5),
            Math.Round(region.Longitude + (decimal)(rng.NextDouble() - 0.5) * 0.4m, 5),
            floorArea, occupants, fuel, type.Type, yearBuilt, hasAc, hasPool, hasEv, hasSolar, tariff,
            IntervalMetered: rng.Chance(0.8),
            BaseKw: (0.2 + 0.00009 * floorArea + 0.09 * occupants) * Math.Exp(0.2 * rng.Gaussian()),
            HeatKwhPerDegreeHour: fuel == HeatingFuel.Electricity ? 3.2e-5 * floorArea * envelope : 1.5e-6 * floorArea,
            CoolKwhPerDegreeHour: hasAc ? 5.5e-5 * floorArea * envelope * (type.Type == HomeType.MobileHome ? 1.3 : 1.0) : 0,
            SolarKwPeak: hasSolar ? Math.Round(3 + rng.NextDouble() * 5, 1) : 0,
            Thermostat: 65 + 2 * rng.Gaussian(),
            Noise: 0.12 + 0.08 * rng.NextDouble());
        // A meter read once a month cannot be billed by the hour: monthly-read homes are never on time-of-use.
        return home.IntervalMetered || home.TariffId != "RES-TOU" ? home : home with { TariffId = "RES-TIERED" };
    }

    private static string Ascii(string text)
    {
        var normalized = text.Normalize(System.Text.NormalizationForm.FormD);
        return new string(normalized.Where(char.IsAsciiLetter).ToArray());
    }
}
