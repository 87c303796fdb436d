namespace UtilityInsights.Ingestion.Samples;

/// <summary>
/// Deterministic random numbers for the sample generator. Every premise, region and anomaly draws
/// from its own stream, derived from the seed and a stable key with SplitMix64, so the output is
/// the same bytes for the same seed whatever the order or parallelism of generation.
/// </summary>
internal sealed class SampleRandom
{
    private readonly Random random;

    public SampleRandom(int seed, ulong stream, ulong key = 0)
    {
        var mixed = SplitMix64(SplitMix64(SplitMix64((ulong)(uint)seed) ^ stream) ^ key);
        random = new Random((int)(mixed & 0x7FFF_FFFF));
    }

    public double NextDouble() => random.NextDouble();

    public int Next(int maxExclusive) => random.Next(maxExclusive);

    public int Next(int min, int maxExclusive) => random.Next(min, maxExclusive);

    public bool Chance(double probability) => random.NextDouble() < probability;

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public double Gaussian()
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A Poisson draw (Knuth), for small means.</summary>
    public int Poisson(double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= random.NextDouble();
        }
        return k;
    }

    /// <summary>Picks an index with the given weights.</summary>
    public int Pick(IReadOnlyList<double> weights)
    {
        var total = weights.Sum();
        var x = random.NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            x -= weights[i];
            if (x < 0)
                return i;
        }
        return weights.Count - 1;
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static ulong SplitMix64(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
