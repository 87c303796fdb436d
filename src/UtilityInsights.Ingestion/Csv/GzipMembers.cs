using System.Buffers;
using System.Buffers.Binary;
using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.GZip;

namespace UtilityInsights.Ingestion.Csv;

/// <summary>
/// Checks a gzip file of several members — concatenated files (<c>cat a.gz b.gz</c>, a day's export appended to), or
/// <c>bgzip</c>'s blocks — whose last trailer records the length of its last member only, so the whole-file check
/// (<see cref="CsvFiles"/>) cannot tell it from one cut short. SharpZipLib's <see cref="GZipInputStream"/> reads it again
/// member by member and holds each member's CRC-32 and length to that member's own trailer; a member cut short or damaged
/// is refused. That reader passes over bytes after a complete member that do not make another (as <c>gunzip</c> does,
/// calling them trailing garbage) — which would hide a file cut inside its next member's header — so the file's own last
/// eight bytes must also be its last member's trailer: the CRC-32 the reader found for that member (or an empty member's).
/// </summary>
internal static class GzipMembers
{
    /// <summary>
    /// The bytes of text the whole file holds, every member checked; an <see cref="InvalidDataException"/> saying what is
    /// wrong otherwise. Reads the whole file again (only a file whose last trailer disagrees with what was read comes here).
    /// </summary>
    public static long CheckedLength(string path)
    {
        using var file = CsvFiles.OpenSequential(path);
        Span<byte> trailer = stackalloc byte[8];
        file.Seek(-8, SeekOrigin.End);
        file.ReadExactly(trailer);
        var trailerCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        var trailerLength = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        file.Seek(0, SeekOrigin.Begin);

        using var members = new LastMemberCrc(file);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        long length = 0;
        try
        {
            int read;
            while ((read = members.Read(buffer, 0, buffer.Length)) > 0)
                length += read;
        }
        catch (Exception e) when (e is SharpZipBaseException or EndOfStreamException)
        {
            throw new InvalidDataException(e is GZipException
                ? $"a compressed member disagrees with its trailer after {length:N0} bytes of text ({e.Message})"
                : $"it ends inside a compressed member, after {length:N0} bytes of text", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var emptyLastMember = trailerCrc == 0 && trailerLength == 0;
        if (trailerCrc != members.LastCrc && !emptyLastMember)
            throw new InvalidDataException($"after its last whole member ({length:N0} bytes of text) it has bytes that are not a whole gzip member: cut short or damaged");
        return length;
    }

    /// <summary>SharpZipLib's reader, noting the CRC-32 of the member it last gave text from (its <c>crc</c> is that member's).</summary>
    private sealed class LastMemberCrc(Stream file) : GZipInputStream(file)
    {
        /// <summary>The CRC-32 of the text given so far from the member read last; -1 before any.</summary>
        public long LastCrc { get; private set; } = -1;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            if (read > 0)
                LastCrc = crc.Value;
            return read;
        }
    }
}
