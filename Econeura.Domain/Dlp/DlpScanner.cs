using System.Buffers;
using System.Runtime.CompilerServices;

namespace Econeura.Domain.Dlp;

/// <summary>
/// Single-pass anchor scanner. Pass 1 jumps (vectorised <c>IndexOfAny</c>) between digits, '@', ':' and '=' and
/// validates what is around each anchor; pass 2 jumps between known secret prefixes and pass 3 between the words that
/// introduce a password in prose, SQL or a command line, each with a vectorised multi-string search. Candidates are then
/// de-overlapped (higher score, then longer span wins, see <see cref="Scores"/>) and returned sorted by start. The passes
/// read the <see cref="NormalizedText"/> (invisible characters removed, fullwidth forms folded); findings refer to the
/// original text. Thread-safe and stateless.
/// </summary>
public static class DlpScanner
{
    private static readonly SearchValues<char> Anchors = SearchValues.Create("0123456789@:=");

    /// <summary>
    /// Scans without a budget. Throws on internal errors; prefer <see cref="Scan(string?, ScanBudget, CancellationToken)"/>
    /// at trust boundaries.
    /// </summary>
    public static IReadOnlyList<Finding> Scan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scanned = NormalizedText.Of(text);
        return scanned.ToOriginal(Run(new ScanContext(scanned.Text, ScanBudget.Unlimited, CancellationToken.None)));
    }

    /// <summary>
    /// Fail-closed entry point: never throws; returns a failed outcome if the scan needs more than <paramref name="budget"/>
    /// (<see cref="ScanBudget.For"/> the text, at trust boundaries), the token is cancelled or anything goes wrong.
    /// </summary>
    public static ScanOutcome Scan(string? text, ScanBudget budget, CancellationToken cancellationToken = default)
    {
        if (text is null) return ScanOutcome.Failed(ScanFailure.Error, 0, "text is null");
        ScanContext? context = null;
        try
        {
            var scanned = NormalizedText.Of(text);
            context = new ScanContext(scanned.Text, budget, cancellationToken);
            var findings = Run(context);
            return ScanOutcome.Completed(scanned.ToOriginal(findings), context.Steps);
        }
        catch (ScanBudgetExceededException)
        {
            return ScanOutcome.Failed(ScanFailure.OverBudget, context?.Steps ?? 0, "scan over budget");
        }
        catch (OperationCanceledException)
        {
            return ScanOutcome.Failed(ScanFailure.Cancelled, context?.Steps ?? 0, "scan cancelled");
        }
        catch (Exception ex)
        {
            return ScanOutcome.Failed(ScanFailure.Error, context?.Steps ?? 0, "scan failed: " + ex.GetType().Name);
        }
    }

    // The anchor loop runs once per scan, so tiered JIT would keep it in tier-0 / OSR code for the first ~30 scans.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<Finding> Run(ScanContext context)
    {
        string text = context.Text;
        ReadOnlySpan<char> span = text;
        int position = 0;
        while (position < text.Length)
        {
            int offset = span[position..].IndexOfAny(Anchors);
            if (offset < 0) break;
            int anchor = position + offset;
            char character = text[anchor];
            int next;
            if (character == '@') next = EmailDetector.Process(context, anchor);
            else if (character == ':') next = KeyValueDetector.ProcessColon(context, anchor);
            else if (character == '=') next = KeyValueDetector.ProcessEquals(context, anchor);
            else next = NumericDetector.Process(context, anchor);
            position = next > anchor ? next : anchor + 1;
            context.Tick();
        }
        SecretDetector.ScanAll(context);
        PasswordPhraseDetector.ScanAll(context);
        return Resolve(context.Candidates);
    }

    private static readonly Comparison<Finding> ByStart = (a, b) =>
    {
        int order = a.Start.CompareTo(b.Start);
        return order != 0 ? order : b.Length.CompareTo(a.Length);
    };

    private static readonly Comparison<Finding> ByPriority = (a, b) =>
    {
        int order = b.Score.CompareTo(a.Score);
        if (order != 0) return order;
        order = b.Length.CompareTo(a.Length);
        return order != 0 ? order : a.Start.CompareTo(b.Start);
    };

    /// <summary>Removes overlaps: within each cluster of overlapping candidates the higher score (then longer span) wins.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static List<Finding> Resolve(List<Finding> candidates)
    {
        if (candidates.Count <= 1) return candidates;
        candidates.Sort(ByStart);
        var result = new List<Finding>(candidates.Count);
        var cluster = new List<Finding>();
        int clusterEnd = -1;
        foreach (var candidate in candidates)
        {
            if (cluster.Count > 0 && candidate.Start >= clusterEnd)
            {
                Flush(cluster, result);
                cluster.Clear();
            }
            cluster.Add(candidate);
            clusterEnd = Math.Max(clusterEnd, candidate.End);
        }
        Flush(cluster, result);
        return result;
    }

    private static void Flush(List<Finding> cluster, List<Finding> result)
    {
        if (cluster.Count == 1)
        {
            result.Add(cluster[0]);
            return;
        }
        cluster.Sort(ByPriority);
        var accepted = new List<Finding>(cluster.Count);
        foreach (var candidate in cluster)
        {
            bool overlaps = false;
            foreach (var kept in accepted)
            {
                if (candidate.Start < kept.End && kept.Start < candidate.End) { overlaps = true; break; }
            }
            if (!overlaps) accepted.Add(candidate);
        }
        accepted.Sort(ByStart);
        result.AddRange(accepted);
    }
}
