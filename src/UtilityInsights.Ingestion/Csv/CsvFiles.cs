using System.Buffers.Binary;
using System.IO.Compression;
using CsvHelper;

namespace UtilityInsights.Ingestion.Csv;

/// <summary>
/// Opens a CSV file for reading, plain or gzip-compressed (<c>reads.csv.gz</c>, as meter data management systems export a
/// day's reads): which one is told by the file's first two bytes, not its name. A compressed file is read through a
/// decompressing stream, row by row as a plain one, and named the same way in every error and rejects file.
/// </summary>
public static class CsvFiles
{
    /// <summary>Whether the file starts with gzip's magic bytes (1F 8B).</summary>
    public static bool IsGzip(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[2];
        return stream.ReadAtLeast(head, 2, throwOnEndOfStream: false) == 2 && head[0] == 0x1F && head[1] == 0x8B;
    }

    /// <summary>A read file opened for one pass from start to end (a 64 KiB buffer, the system told to read ahead), as every reader opens it.</summary>
    internal static FileStream OpenSequential(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    /// <summary>The shortest gzip file: a 10-byte header and an 8-byte trailer.</summary>
    private const int MinimumGzip = 18;

    /// <summary>A reader of the file's rows, decompressing it when it is gzip; <paramref name="position"/>, when given, follows the file.</summary>
    public static CsvReader Open(string path, CsvReaderOptions options, FileReadPosition? position = null) =>
        CsvReader.Create(OpenText(path, position), options, leaveOpen: false);

    /// <summary>
    /// A read file's text as a stream of bytes (CSV or XML), decompressed when it is gzip and then checked whole at its end (see
    /// <see cref="WholeGzipStream"/>); <paramref name="position"/>, when given, follows the file's own bytes.
    /// </summary>
    internal static Stream OpenText(string path, FileReadPosition? position = null)
    {
        if (IsGzip(path))
            return Decompressing(path, position);
        var file = OpenSequential(path);
        position?.Attach(file);
        return file;
    }

    /// <summary>The longest first line <see cref="FirstLine"/> reads: a header, not a whole file without line breaks (or a gzip bomb).</summary>
    private const int MaxFirstLine = 64 * 1024;

    /// <summary>The file's first line as text (decompressed when it is gzip; at most 64 KiB of it), or empty when it has none.</summary>
    public static string FirstLine(string path)
    {
        using Stream stream = IsGzip(path) ? Decompressing(path) : File.OpenRead(path);
        using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[MaxFirstLine];
        try
        {
            var length = reader.ReadBlock(buffer, 0, buffer.Length);
            var end = buffer.AsSpan(0, length).IndexOfAny('\r', '\n');
            return new string(buffer, 0, end < 0 ? length : end);
        }
        catch (InvalidDataException e)
        {
            throw new UserErrorException($"{path}: not a readable gzip file ({e.Message}).", e);
        }
    }

    /// <summary>A gzip file's text, read through a stream that checks its length against the trailer's at the end.</summary>
    private static WholeGzipStream Decompressing(string path, FileReadPosition? position = null)
    {
        var file = OpenSequential(path);
        var length = file.Length;
        if (length < MinimumGzip)
        {
            file.Dispose();
            throw new UserErrorException($"{path}: not a readable gzip file (only {length} bytes).");
        }
        var recorded = RecordedLength(file);
        file.Seek(0, SeekOrigin.Begin);
        position?.Attach(file);
        return new WholeGzipStream(file, recorded, path);
    }

    /// <summary>The uncompressed length, modulo 4 GiB, that a gzip file's trailer records (ISIZE: its last four bytes, little-endian).</summary>
    private static uint RecordedLength(Stream file)
    {
        Span<byte> trailer = stackalloc byte[4];
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(trailer);
        return BinaryPrimitives.ReadUInt32LittleEndian(trailer);
    }

    /// <summary>
    /// Decompresses a gzip file and, at its end, checks that as many bytes came out as its trailer records (ISIZE, modulo 4 GiB).
    /// .NET's GZipStream ends quietly where a truncated file ends — a transfer cut short would read as a shorter day of reads.
    /// A file of several gzip members (concatenated files) reads through whole, but its last trailer counts its last member
    /// only: when the trailer disagrees, the file is checked member by member (<see cref="GzipMembers"/>), and one cut short
    /// or damaged is an <see cref="InvalidDataException"/>.
    /// </summary>
    private sealed class WholeGzipStream(FileStream file, uint recorded, string path) : ForwardReadStream(new GZipStream(file, CompressionMode.Decompress))
    {
        private bool checkedWhole;

        protected override void Check(int read, int asked)
        {
            if (read != 0 || asked == 0 || (uint)Given == recorded || checkedWhole)
                return;
            var whole = GzipMembers.CheckedLength(path);
            if (whole != Given)
                throw new InvalidDataException($"it gave {Given:N0} bytes of text where its members hold {whole:N0}");
            checkedWhole = true;
        }
    }
}
