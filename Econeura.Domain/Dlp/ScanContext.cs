namespace Econeura.Domain.Dlp;

/// <summary>Mutable per-scan state: the text, raw candidate findings, and the work done against the budget.</summary>
internal sealed class ScanContext
{
    public readonly string Text;
    public readonly List<Finding> Candidates = new();
    public CsvCache Csv;
    private readonly long _stepLimit;
    private readonly CancellationToken _cancellation;

    public ScanContext(string text, ScanBudget budget, CancellationToken cancellation)
    {
        Text = text;
        _stepLimit = budget.Steps;
        _cancellation = cancellation;
    }

    /// <summary>The work done so far, as <see cref="ScanBudget"/> counts it.</summary>
    public long Steps { get; private set; }

    // Memo of libphonenumber verdicts within this scan: a number quoted again (signatures in a mail thread, exports, logs)
    // is validated once. Keys are the rule tag + the digits; only verdicts are stored, and only for this scan's lifetime.
    private Dictionary<string, bool>? _phoneVerdicts;
    private const int MaxPhoneVerdicts = 4096;

    // KeywordContext.Before is a pure function of (text, position); the SSN and phone checks often ask for the same position.
    private int _beforePosition = -1;
    private ContextKind _beforeKind;

    public ContextKind ContextBefore(int position)
    {
        if (position != _beforePosition)
        {
            _beforeKind = KeywordContext.Before(Text, position);
            _beforePosition = position;
        }
        return _beforeKind;
    }

    public bool PhoneVerdict(PhoneRule rule, ReadOnlySpan<char> digits)
    {
        Span<char> key = stackalloc char[digits.Length + 1];
        key[0] = (char)('0' + (int)rule);
        digits.CopyTo(key[1..]);
        var memo = _phoneVerdicts ??= new Dictionary<string, bool>(StringComparer.Ordinal);
        var lookup = memo.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(key, out bool ok)) return ok;
        ok = PhoneValidator.Evaluate(rule, digits);
        if (memo.Count < MaxPhoneVerdicts) lookup[key] = ok;
        return ok;
    }

    public void Add(EntityType type, int start, int length, double score) =>
        Candidates.Add(new Finding(type, start, length, score));

    /// <summary>One step: a pass stopped at an anchor.</summary>
    public void Tick() => Spend(1);

    /// <summary>Counts <paramref name="steps"/> of work; beyond the budget, or once cancelled, the scan stops (and fails closed).</summary>
    public void Spend(int steps)
    {
        Steps += steps;
        if (Steps > _stepLimit) throw new ScanBudgetExceededException();
        _cancellation.ThrowIfCancellationRequested();
    }
}
