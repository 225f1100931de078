using System.Buffers;
using System.Runtime.CompilerServices;

namespace Econeura.Domain.Dlp;

/// <summary>Passes 2 and 3: jump between the occurrences of a set of strings with one vectorised search and hand each to a detector.</summary>
internal static class PrefixPass
{
    /// <param name="process">Handles the occurrence at the given index; returns where the search goes on.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ScanContext context, SearchValues<string> anchors, Func<ScanContext, int, int> process)
    {
        ReadOnlySpan<char> text = context.Text;
        int position = 0;
        while (position < text.Length)
        {
            int offset = text[position..].IndexOfAny(anchors);
            if (offset < 0) break;
            int anchor = position + offset;
            position = Math.Max(process(context, anchor), anchor + 1);
            context.Tick();
        }
    }
}
