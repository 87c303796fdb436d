namespace UtilityInsights.Ingestion;

/// <summary>
/// How far a reader has come through a file, for progress: the share of the file's own bytes — the compressed ones, for a
/// gzip file — read so far. The reader that opens the file attaches its stream; whoever reports progress reads
/// <see cref="Fraction"/> on the thread that reads the file, or, for a reader on a thread of its own, that thread measures the
/// share (<see cref="Measure"/>) and the one taking its items publishes it as they are taken (<see cref="Publish"/>). Right
/// whatever the kind of file and its compression (a count of rows would have to guess the bytes a row takes: 40 in a CSV, about
/// 290 in a Green Button feed).
/// </summary>
public sealed class FileReadPosition
{
    private FileStream? file;
    private long length;
    private double measured;
    private double published;
    private volatile bool handedOver;

    /// <summary>Follows this stream of the file from now on (a reader reading the file again attaches its new stream).</summary>
    internal void Attach(FileStream stream)
    {
        file = stream;
        length = stream.Length;
    }

    /// <summary>
    /// The share of the file read, from 0 to 1; it never goes back (a second pass over the file leaves it where the first ended).
    /// Once <see cref="Publish"/> has been called, the share it gave.
    /// </summary>
    public double Fraction => handedOver ? Volatile.Read(ref published) : Measure();

    /// <summary>The share read now, never less than the one before; asked only on the thread reading the file (a FileStream is not safe to share).</summary>
    public double Measure()
    {
        if (file is { CanSeek: true } open && length > 0)
            measured = Math.Max(measured, Math.Min(1.0, (double)open.Position / length));
        return measured;
    }

    /// <summary>
    /// Makes <paramref name="share"/> — measured on the reader's thread when it had read what is being taken now — the
    /// <see cref="Fraction"/> from now on: progress follows what was taken, not how far the reader has run ahead.
    /// </summary>
    public void Publish(double share)
    {
        handedOver = true;
        Volatile.Write(ref published, share);
    }
}
