namespace UtilityInsights.Ingestion;

/// <summary>
/// A read-only, forward-only stream over another, which it disposes: what the readers' checking streams share (the
/// Green Button feed's decompressed-size cap, a gzip CSV's length check). Each read is counted in <see cref="Given"/>, the
/// stream's position, and handed to the subclass's <see cref="Check"/> before it is returned.
/// </summary>
internal abstract class ForwardReadStream(Stream inner) : Stream
{
    private readonly Stream inner = inner;

    /// <summary>The bytes given so far (this read's included when <see cref="Check"/> sees it).</summary>
    protected long Given { get; private set; }

    /// <summary>Looks at a read of <paramref name="read"/> bytes (0: the end) of the <paramref name="asked"/> asked for; throws to refuse it.</summary>
    protected abstract void Check(int read, int asked);

    public sealed override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Given += read;
        Check(read, buffer.Length);
        return read;
    }

    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public sealed override bool CanRead => true;

    public sealed override bool CanSeek => false;

    public sealed override bool CanWrite => false;

    public sealed override long Length => throw new NotSupportedException();

    public sealed override long Position
    {
        get => Given;
        set => throw new NotSupportedException();
    }

    public sealed override void Flush()
    {
    }

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public sealed override void SetLength(long value) => throw new NotSupportedException();

    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
