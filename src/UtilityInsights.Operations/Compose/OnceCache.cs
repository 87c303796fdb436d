namespace UtilityInsights.Operations.Compose;

/// <summary>Values computed once per key however many threads ask, for the caches that statements share.</summary>
internal static class OnceCache
{
    /// <summary>
    /// The value cached under <paramref name="key"/>, computed once however many threads ask at the same
    /// time; a computation that fails is forgotten, so the next caller tries again.
    /// </summary>
    public static async Task<T> GetAsync<TKey, T>(System.Collections.Concurrent.ConcurrentDictionary<TKey, Lazy<Task<T>>> cache, TKey key, Func<Task<T>> compute)
        where TKey : notnull
    {
        var once = cache.GetOrAdd(key, _ => new Lazy<Task<T>>(compute));
        try
        {
            return await once.Value;
        }
        catch
        {
            cache.TryRemove(new KeyValuePair<TKey, Lazy<Task<T>>>(key, once));
            throw;
        }
    }
}
