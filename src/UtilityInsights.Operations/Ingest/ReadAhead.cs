using System.Collections;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using UtilityInsights.Ingestion;

namespace UtilityInsights.Operations.Ingest;

/// <summary>
/// Runs a reader on a thread of its own, from the moment it is started, up to <see cref="ReadAhead.ChunksAhead"/> chunks ahead of
/// the thread that takes its items. Used for Green Button feeds, whose XML reading is most of an import's parsing (0.45 s of
/// 0.66 s per million readings on the 2-core machine of <c>benchmarks/RESULTS.md</c>): the parser thread then only places readings
/// in their days, and a 9.7 M-reading feed took 9.4 s instead of 11.7 s side by side (RESULTS, session 24). Started before the
/// database is opened (<see cref="ReadFiles"/>), it reads while the command opens and migrates it. Not for CSV files: CsvHelper
/// parses a row in a quarter of a microsecond and handing rows over costs more than it saves there (a 5 M-read file took 0.1 s
/// longer). The items come in the reader's order, once; a failure of the reader comes after the items it gave before failing, as
/// it would without the thread. Progress (<see cref="FileReadPosition.Publish"/>) follows the items taken. Stopping early, a
/// failure of the taker, or disposing it untaken stops the reader and waits for it, so its file is closed when that returns.
/// </summary>
internal sealed class ReadAhead<T> : IEnumerable<T>, IDisposable
{
    private readonly CancellationTokenSource stop;
    private readonly BlockingCollection<(T[] Items, int Count, double Share)> chunks = new(ReadAhead.ChunksAhead);
    private readonly ConcurrentBag<T[]> spare = [];
    private readonly FileReadPosition position;
    private readonly CancellationToken cancellationToken;
    private readonly Task reader;
    private int taken;
    private int disposed;

    internal ReadAhead(IEnumerable<T> source, FileReadPosition position, CancellationToken cancellationToken)
    {
        this.position = position;
        this.cancellationToken = cancellationToken;
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Started whatever the token says: it is what completes the chunks the taker waits for.
        reader = Task.Factory.StartNew(() => Fill(source, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The items, taken once.</summary>
    public IEnumerator<T> GetEnumerator() =>
        Interlocked.Exchange(ref taken, 1) == 0 ? Take() : throw new InvalidOperationException("A read-ahead's items are taken once.");

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerator<T> Take()
    {
        try
        {
            foreach (var (items, count, share) in chunks.GetConsumingEnumerable(cancellationToken))
            {
                position.Publish(share);
                for (var i = 0; i < count; i++)
                    yield return items[i];
                spare.Add(items);
            }
            reader.GetAwaiter().GetResult();
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>Stops the reader and waits for it to let go of its file; what it failed with is thrown by the taking, or gives way to the taker's failure.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        stop.Cancel();
        reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
        stop.Dispose();
        chunks.Dispose();
    }

    private void Fill(IEnumerable<T> source, CancellationToken stopping)
    {
        var items = new T[ReadAhead.ChunkSize];
        var count = 0;
        ExceptionDispatchInfo? failure = null;
        try
        {
            foreach (var item in source)
            {
                items[count++] = item;
                if (count < ReadAhead.ChunkSize)
                    continue;
                chunks.Add((items, count, position.Measure()), stopping);
                items = spare.TryTake(out var free) ? free : new T[ReadAhead.ChunkSize];
                count = 0;
            }
        }
        catch (Exception e)
        {
            failure = ExceptionDispatchInfo.Capture(e);
        }
        try
        {
            // The items read before the end, or before a failure, go before it.
            if (count > 0 || failure is null)
                chunks.Add((items, count, position.Measure()), stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
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

/// <summary>Starts a <see cref="ReadAhead{T}"/>.</summary>
internal static class ReadAhead
{
    public const int ChunkSize = 512;

    /// <summary>
    /// Room for much of what the reader reads while the database is opened and migrated, before anything is taken (about 0.08 s:
    /// 65,536 readings in 128 chunks of 512, about 6 MB; 256 chunks measured no faster and held 20 MB more). Once taking has begun
    /// the taker keeps up and few chunks wait.
    /// </summary>
    public const int ChunksAhead = 128;

    /// <summary>Starts reading <paramref name="source"/> on a thread of its own now; the items are taken by enumerating the result, which must be disposed.</summary>
    /// <param name="source">The reader: enumerated once, on the new thread.</param>
    /// <param name="position">Where the reader is in its file: measured on the reader's thread after each chunk, published as the chunk is taken.</param>
    /// <param name="cancellationToken">Stops the reader and the taking.</param>
    public static ReadAhead<T> Start<T>(IEnumerable<T> source, FileReadPosition position, CancellationToken cancellationToken) =>
        new(source, position, cancellationToken);
}
