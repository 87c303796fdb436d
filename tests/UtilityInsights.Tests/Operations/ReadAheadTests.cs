using UtilityInsights.Ingestion;
using UtilityInsights.Ingestion.GreenButton;
using UtilityInsights.Operations.Ingest;
using UtilityInsights.TestFeeds;
using UtilityInsights.Tests.Ingestion;
using UtilityInsights.Tests.Ingestion.Csv;

namespace UtilityInsights.Tests.Operations;

/// <summary>
/// A reader on a thread of its own gives what it would give without one: every item in order, its failure after the items
/// before it; it reads from the moment it is started, before anything is taken; and stopping early, cancelling, or disposing it
/// untaken stops it and waits for it to let go of its file.
/// </summary>
public class ReadAheadTests
{
    /// <summary>Counts what a reader gave and whether it was closed (its enumerator disposed, as a file reader closes its file).</summary>
    private sealed class Source
    {
        public int Given;
        public volatile bool Closed;

        public IEnumerable<int> Items(int count, Exception? failAtEnd = null)
        {
            try
            {
                for (var i = 0; i < count; i++)
                {
                    Given++;
                    yield return i;
                }
                if (failAtEnd is not null)
                    throw failAtEnd;
            }
            finally
            {
                Closed = true;
            }
        }
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(511)]
    [TestCase(512)]
    [TestCase(513)]
    [TestCase(10_000)]
    public void Every_item_comes_in_the_readers_order(int count)
    {
        var source = new Source();

        var taken = ReadAhead.Start(source.Items(count), new FileReadPosition(), CancellationToken.None).ToList();

        Assert.That(taken, Is.EqualTo(Enumerable.Range(0, count)));
        Assert.That(source.Closed, Is.True);
    }

    [Test]
    public void A_failure_of_the_reader_comes_after_the_items_it_gave_before_failing()
    {
        var source = new Source();
        var taken = new List<int>();

        Assert.That(() =>
        {
            foreach (var item in ReadAhead.Start(source.Items(1_000, new InvalidDataException("cut short")), new FileReadPosition(), CancellationToken.None))
                taken.Add(item);
        }, Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("cut short"));
        Assert.That(taken, Is.EqualTo(Enumerable.Range(0, 1_000)));
    }

    [Test]
    public void Stopping_early_stops_the_reader_and_waits_for_it_to_close()
    {
        var source = new Source();

        foreach (var item in ReadAhead.Start(source.Items(int.MaxValue), new FileReadPosition(), CancellationToken.None))
        {
            if (item == 5)
                break;
        }

        Assert.That(source.Closed, Is.True, "closed by the time the taker's loop ends");
        Assert.That(source.Given, Is.LessThanOrEqualTo((ReadAhead.ChunksAhead + 2) * ReadAhead.ChunkSize), "no further ahead than its room");
    }

    [Test]
    public void It_reads_ahead_before_anything_is_taken()
    {
        var source = new Source();

        using var ahead = ReadAhead.Start(source.Items(10_000), new FileReadPosition(), CancellationToken.None);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!source.Closed && waited.Elapsed < TimeSpan.FromSeconds(30))
            Thread.Sleep(5);

        Assert.That(source.Closed, Is.True, "read to its end untaken (10,000 items fit in its room)");
        Assert.That(ahead.ToList(), Is.EqualTo(Enumerable.Range(0, 10_000)));
    }

    [Test]
    public void Disposing_it_untaken_stops_the_reader_and_waits_for_it_to_close()
    {
        var source = new Source();

        var ahead = ReadAhead.Start(source.Items(int.MaxValue), new FileReadPosition(), CancellationToken.None);
        while (Volatile.Read(ref source.Given) == 0)
            Thread.Sleep(1);
        ahead.Dispose();

        Assert.That(source.Closed, Is.True);
        Assert.That(source.Given, Is.LessThanOrEqualTo((ReadAhead.ChunksAhead + 2) * ReadAhead.ChunkSize));
        Assert.That(() => ahead.ToList(), Throws.InstanceOf<ObjectDisposedException>(), "nothing left to take");
    }

    [Test]
    public void Cancelling_stops_the_reading()
    {
        var source = new Source();
        using var cancel = new CancellationTokenSource();

        Assert.That(() =>
        {
            foreach (var item in ReadAhead.Start(source.Items(int.MaxValue), new FileReadPosition(), cancel.Token))
            {
                if (item == 1_000)
                    cancel.Cancel();
            }
        }, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(source.Closed, Is.True);
    }

    [Test]
    public void Progress_follows_what_is_taken_not_how_far_the_reader_has_run_ahead()
    {
        using var files = new CsvTestFiles();
        const int readings = 20_000;
        var path = files.Write("feed.xml", GreenButtonFeeds.Feed(readings));
        var position = new FileReadPosition();
        using var whole = new ManualResetEventSlim();
        IEnumerable<GreenButtonReading> Feed()
        {
            foreach (var reading in GreenButtonReader.Read(path, position))
                yield return reading;
            whole.Set();
        }

        using var ahead = ReadAhead.Start(Feed(), position, CancellationToken.None);
        Assert.That(whole.Wait(TimeSpan.FromSeconds(30)), Is.True, "the whole feed read before anything is taken");
        var quarters = FileReadPositionTests.Quarters(ahead, position, readings);

        Assert.That(quarters[..3], Is.EqualTo(new[] { 0.25, 0.5, 0.75 }).Within(0.2));
        Assert.That(quarters[3], Is.GreaterThan(0.95));
    }
}
