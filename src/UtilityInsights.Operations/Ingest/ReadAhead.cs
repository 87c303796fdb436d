using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using UtilityInsights.Ingestion;

namespace UtilityInsights.Operations.Ingest;

/// <summary>
/// Runs a reader on a thread of its own, up to <see cref="ChunksAhead"/> chunks ahead of the thread that takes its items. Used for
/// Green Button feeds, whose XML reading is most of an import's parsing (0.45 s of 0.66 s per million readings on the 2-core
/// machine of <c>benchmarks/RESULTS.md</c>): the parser thread then only places readings in their days, and a 9.7 M-reading feed
/// took 9.4 s instead of 11.7 s side by side (RESULTS, session 24). Not for CSV files: CsvHelper parses a row in a quarter of a microsecond and handing rows over costs
/// more than it saves there (a 5 M-read file took 0.1 s longer). The items come in the reader's order; a failure of the reader
/// comes after the items it gave before failing, as it would without the thread. Stopping early (or a failure of the taker)
/// stops the reader and waits for it, so its file is closed when this returns.
/// </summary>
internal static class ReadAhead
{
    private const int ChunkSize = 512;
    private const int ChunksAhead = 4;

    /// <param name="source">The reader: enumerated once, on the new thread.</param>
    /// <param name="position">Where the reader is in its file, sampled on the reader's thread after each chunk.</param>
    /// <param name="cancellationToken">Stops the reader and the taking.</param>
    public static IEnumerable<T> Of<T>(IEnumerable<T> source, FileReadPosition position, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var chunks = new BlockingCollection<(T[] Items, int Count)>(ChunksAhead);
        var spare = new ConcurrentBag<T[]>();
        // Started whatever the token says: it is what completes the chunks the loop below waits for.
        var reader = Task.Factory.StartNew(() => Fill(source, position, chunks, spare, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            foreach (var (items, count) in chunks.GetConsumingEnumerable(cancellationToken))
            {
                for (var i = 0; i < count; i++)
                    yield return items[i];
                spare.Add(items);
            }
            reader.GetAwaiter().GetResult();
        }
        finally
        {
            stop.Cancel();
            // Waits for the reader to let go of its file; what it failed with is thrown above, or gives way to the taker's failure.
            reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
        }
    }

    private static void Fill<T>(IEnumerable<T> source, FileReadPosition position, BlockingCollection<(T[] Items, int Count)> chunks, ConcurrentBag<T[]> spare,
        CancellationToken stop)
    {
        var items = new T[ChunkSize];
        var count = 0;
        ExceptionDispatchInfo? failure = null;
        try
        {
            foreach (var item in source)
            {
                items[count++] = item;
                if (count < ChunkSize)
                    continue;
                position.Sample();
                chunks.Add((items, count), stop);
                items = spare.TryTake(out var free) ? free : new T[ChunkSize];
                count = 0;
            }
            position.Sample();
        }
        catch (Exception e)
        {
            failure = ExceptionDispatchInfo.Capture(e);
        }
        try
        {
            // The items read before the end, or before a failure, go before it.
            if (count > 0)
                chunks.Add((items, count), stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The taker stopped taking.
        }
        finally
        {
            chunks.CompleteAdding();
        }
        failure?.Throw();
    }
}
