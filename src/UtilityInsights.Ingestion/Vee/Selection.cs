namespace UtilityInsights.Ingestion.Vee;

/// <summary>
/// Puts the values a sorted order would have at chosen places there, without sorting the rest (quickselect with a
/// three-way partition, so runs of equal reads — zeros, flat loads — cost nothing more): quantiles of a meter's reads read
/// four pairs of places of a few thousand values.
/// </summary>
internal static class Selection
{
    private const int SmallRange = 16;

    /// <summary>
    /// Puts at <paramref name="place"/> the value a sorted <paramref name="values"/> has there, with no greater value before it and no
    /// smaller after it, looking only at <c>[from, end)</c> (the places before <paramref name="from"/> already hold their sorted values,
    /// all no greater than the rest). Returns where to start for a later place: <paramref name="place"/> + 1, or
    /// <paramref name="from"/> when the place came before it (already in place).
    /// </summary>
    public static int Place(Span<long> values, int from, int place)
    {
        if (place < from)
            return from;
        int low = from, high = values.Length;
        while (high - low > SmallRange)
        {
            var pivot = MedianOfThree(values[low], values[low + (high - low) / 2], values[high - 1]);
            // [low, less) < pivot, [less, i) == pivot, (greater, high) > pivot.
            int less = low, i = low, greater = high - 1;
            while (i <= greater)
            {
                if (values[i] < pivot)
                {
                    (values[less], values[i]) = (values[i], values[less]);
                    less++;
                    i++;
                }
                else if (values[i] > pivot)
                {
                    (values[i], values[greater]) = (values[greater], values[i]);
                    greater--;
                }
                else
                {
                    i++;
                }
            }
            if (place < less)
                high = less;
            else if (place > greater)
                low = greater + 1;
            else
                return place + 1;
        }
        values[low..high].Sort();
        return place + 1;
    }

    private static long MedianOfThree(long a, long b, long c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
