using System.Buffers;
using System.Runtime.CompilerServices;

namespace Econeura.Domain.Dlp;

/// <summary>Passes 2 and 3: jump between the occurrences of a set of strings with one vectorised search and hand each to a detector.</summary>
internal static class PrefixPass
{
    /// <param name="process">Handles the occurrence at the given index; returns where the search goes on.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ScanContext ctx, SearchValues<string> anchors, Func<ScanContext, int, int> process)
    {
        ReadOnlySpan<char> text = ctx.Text;
        int pos = 0;
        while (pos < text.Length)
        {
            int offset = text[pos..].IndexOfAny(anchors);
            if (offset < 0) break;
            int anchor = pos + offset;
            pos = Math.Max(process(ctx, anchor), anchor + 1);
            ctx.Tick();
        }
    }
}
