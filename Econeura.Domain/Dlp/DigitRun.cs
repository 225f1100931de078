namespace Econeura.Domain.Dlp;

/// <summary>
/// A run of digit groups read at one digit anchor, with what stands just left of it. The entity detectors are asked in
/// turn at each group (<see cref="TryAt"/>); each returns the group after its match, or -1.
/// </summary>
internal readonly ref struct DigitRun
{
    /// <summary>What the character left of the run allows.</summary>
    public enum LeftEdge
    {
        Free,
        /// <summary>Glued to a word or a number ("v1.2", "1,234", "id_42"): nothing starts here.</summary>
        Glued,
        /// <summary>After '/', '\' or '@': only an IPv4 address may start here ("http://10.0.0.1/").</summary>
        AddressOnly,
        /// <summary>After a currency sign: an amount.</summary>
        Amount,
    }

    public readonly ScanContext Context;
    public readonly string Text;
    public readonly ReadOnlySpan<DigitGroup> Groups;
    public readonly LeftEdge Left;
    public readonly bool AfterPlus;
    public readonly bool AfterParenthesis;

    /// <summary>The letter that starts a NIE or CIF ("X1234567L", "B-12345674"), or '\0'.</summary>
    public readonly char Lead;
    public readonly int LeadStart;

    public DigitRun(ScanContext context, ReadOnlySpan<DigitGroup> groups, LeftEdge left, bool afterPlus, bool afterParenthesis, char lead, int leadStart)
    {
        Context = context;
        Text = context.Text;
        Groups = groups;
        Left = left;
        AfterPlus = afterPlus;
        AfterParenthesis = afterParenthesis;
        Lead = lead;
        LeadStart = leadStart;
    }

    /// <summary>Tries every detector at group <paramref name="first"/>; returns the next group to try, or -1.</summary>
    public int TryAt(int first)
    {
        if (first == 0)
        {
            if (Left is LeftEdge.Glued or LeftEdge.Amount) return -1;
            if (Lead != '\0') return NieDetector.TryLeadLetter(in this) || CifDetector.TryLeadLetter(in this) ? 1 : -1;
            if (Left == LeftEdge.AddressOnly) return Ipv4Detector.TryAt(in this, 0);
        }
        else if (Groups[first].Separator != ' ')
        {
            // "612345678/698765432": two phone numbers joined by a slash
            if (Groups[first].Separator == '/' && Groups[first].Length >= 9 && Groups[first - 1].Length >= 9) return PhoneDetector.TryAt(in this, first);
            return -1;
        }

        int next;
        if ((next = Ipv4Detector.TryAt(in this, first)) > 0) return next;
        if ((next = CardDetector.TryAt(in this, first)) > 0) return next;
        if ((next = DniDetector.TryAt(in this, first)) > 0) return next;
        if ((next = SsnDetector.TryAt(in this, first)) > 0) return next;
        if ((next = PhoneDetector.TryAt(in this, first)) > 0) return next;
        return -1;
    }

    /// <summary>
    /// True when nothing glued follows <paramref name="end"/>: no letter, digit, '_' or '@', and no '.', ',', '-' or '/'
    /// continuing into more digits (a slash or comma may, with <paramref name="allowSlashDigit"/>; a field comma always may).
    /// </summary>
    public bool EndsCleanly(int end, bool allowSlashDigit = false)
    {
        if (end >= Text.Length) return true;
        char character = Text[end];
        if (char.IsLetterOrDigit(character) || character == '_' || character == '@') return false;
        if (character is '.' or ',' or '-' or '/' && end + 1 < Text.Length && Chars.IsDigit(Text[end + 1]))
            return (allowSlashDigit && character is '/' or ',') || (character == ',' && !NumericDetector.IsNumericComma(Text, end));
        return true;
    }

    /// <summary>Position of a control letter right after a digit group (optionally after '-' or ' '), or -1.</summary>
    public int ControlLetterAfter(int end)
    {
        string text = Text;
        if (end >= text.Length) return -1;
        int letter;
        char character = text[end];
        if (Chars.IsAsciiLetter(character)) letter = end;
        else if (character == '-' && end + 1 < text.Length && Chars.IsAsciiLetter(text[end + 1])) letter = end + 1;
        else if (character == ' ' && end + 1 < text.Length && char.IsAsciiLetterUpper(text[end + 1])) letter = end + 1;
        else return -1;
        if (letter + 1 < text.Length && (char.IsLetterOrDigit(text[letter + 1]) || text[letter + 1] == '_' || text[letter + 1] == '@')) return -1;
        return letter;
    }

    public int ValueOf(DigitGroup group) => ValueOf(group.Start, group.Length);

    public int ValueOf(int start, int length)
    {
        int value = 0;
        for (int i = start; i < start + length; i++) value = value * 10 + (Text[i] - '0');
        return value;
    }

    public void Report(EntityType type, int start, int end, double score) => Context.Add(type, start, end - start, score);
}
