namespace UtilityInsights.Ingestion;

/// <summary>
/// How far a reader has come through a file, for progress: the share of the file's own bytes — the compressed ones, for a
/// gzip file — read so far. The reader that opens the file attaches its stream; whoever reports progress reads
/// <see cref="Fraction"/> on the thread that reads the file, or that thread samples it (<see cref="Sample"/>) for another to
/// read. Right whatever the kind of file and its compression (a count of rows would have to guess the bytes a row takes: 40 in a
/// CSV, about 290 in a Green Button feed).
/// </summary>
public sealed class FileReadPosition
{
    private FileStream? file;
    private long length;
    private double fraction;
    private volatile bool sampled;

    /// <summary>Follows this stream of the file from now on (a reader reading the file again attaches its new stream).</summary>
    internal void Attach(FileStream stream)
    {
        file = stream;
        length = stream.Length;
    }

    /// <summary>
    /// The share of the file read, from 0 to 1; it never goes back (a second pass over the file leaves it where the first ended).
    /// Once <see cref="Sample"/> has been called, the share it took.
    /// </summary>
    public double Fraction => sampled ? Volatile.Read(ref fraction) : Measure();

    /// <summary>
    /// Takes the share read now, on the thread reading the file, for <see cref="Fraction"/> to give from then on: for a reader
    /// running on a thread of its own, whose stream the thread reporting progress must not ask (a FileStream is not safe to share).
    /// </summary>
    public void Sample()
    {
        sampled = true;
        Volatile.Write(ref fraction, Measure());
    }

    private double Measure()
    {
        if (file is { CanSeek: true } open && length > 0)
            fraction = Math.Max(fraction, Math.Min(1.0, (double)open.Position / length));
        return fraction;
    }
}
