using SkiaSharp;

namespace UtilityInsights.Printing.Layout;

/// <summary>
/// One piece of a printed document that is never split between pages (a heading, a table row, a list
/// item, a chart, the remittance slip): its height, the space above it (dropped at the top of a page),
/// whether it stays on the page of the piece after it (a heading with its first row), whether it sits at the foot
/// of its page (the remittance slip, torn off along its top), and how to draw it at a left edge and a top.
/// </summary>
internal sealed record Block(float Height, Action<SKCanvas, float, float> Draw, float SpaceBefore = 0, bool KeepWithNext = false, bool AtFoot = false);

/// <summary>
/// Blocks laid out down pages of one size: a block that would cross the bottom margin starts a new
/// page, taking with it the blocks kept with it. The pages are known before any is drawn, so each can
/// say "page 2 of 3".
/// </summary>
internal sealed class PageFlow
{
    /// <summary>US Letter in points, with the statement's margins (12 mm at the top and sides, 16 mm at the foot for the page line).</summary>
    public const float PageWidth = 612, PageHeight = 792, Margin = 34, FootMargin = 45;

    public const float ContentWidth = PageWidth - 2 * Margin;

    private const float Bottom = PageHeight - FootMargin;

    private readonly List<List<(Block Block, float Top)>> pages = [[]];
    private float y = Margin;

    public int PageCount => pages.Count;

    public void Add(IReadOnlyList<Block> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        for (var i = 0; i < blocks.Count; i++)
        {
            // The block and those kept with it, to the first that is not (or the last).
            var needed = blocks[i].SpaceBefore + blocks[i].Height;
            for (var j = i; blocks[j].KeepWithNext && j + 1 < blocks.Count; j++)
                needed += blocks[j + 1].SpaceBefore + blocks[j + 1].Height;
            if (y + needed > Bottom && pages[^1].Count > 0)
            {
                pages.Add([]);
                y = Margin;
            }
            if (pages[^1].Count > 0)
                y += blocks[i].SpaceBefore;
            if (blocks[i].AtFoot)
                y = Bottom - blocks[i].Height;
            pages[^1].Add((blocks[i], y));
            y += blocks[i].Height;
        }
    }

    /// <summary>Draws page <paramref name="index"/> (from 0).</summary>
    public void Draw(SKCanvas canvas, int index)
    {
        foreach (var (block, top) in pages[index])
            block.Draw(canvas, Margin, top);
    }
}
