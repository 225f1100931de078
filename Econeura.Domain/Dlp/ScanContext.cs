using System.Collections.Frozen;
using System.Diagnostics;

namespace Econeura.Domain.Dlp;

/// <summary>Mutable per-scan state: the text, raw candidate findings, and the deadline.</summary>
internal sealed class ScanContext
{
    public readonly string Text;
    public readonly List<Finding> Candidates = new();
    private readonly long _deadline; // Stopwatch ticks; long.MaxValue = none
    private readonly CancellationToken _ct;
    private int _checks;

    public ScanContext(string text, long deadline, CancellationToken ct)
    {
        Text = text;
        _deadline = deadline;
        _ct = ct;
    }

    public void Add(EntityType type, int start, int length, double score) =>
        Candidates.Add(new Finding(type, start, length, score));

    /// <summary>Cheap periodic budget check (every 16 anchors).</summary>
    public void Tick()
    {
        if ((++_checks & 15) != 0) return;
        CheckNow();
    }

    public void CheckNow()
    {
        _ct.ThrowIfCancellationRequested();
        if (_deadline != long.MaxValue && Stopwatch.GetTimestamp() > _deadline)
            throw new ScanBudgetExceededException();
    }
}

internal sealed class ScanBudgetExceededException : Exception
{
    public ScanBudgetExceededException() : base("DLP scan exceeded its time budget.") { }
}

/// <summary>Character classes and keyword context helpers.</summary>
internal static class Chars
{
    public static bool IsDigit(char c) => (uint)(c - '0') <= 9;
    public static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 25;
    public static bool IsAsciiAlnum(char c) => IsDigit(c) || IsAsciiLetter(c);
    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
    public static bool IsHex(char c) => IsDigit(c) || (uint)((c | 0x20) - 'a') <= 5;
    public static bool IsBase64Url(char c) => IsAsciiAlnum(c) || c == '-' || c == '_';
}

internal enum ContextKind { None, PhonePositive, Reference, Ssn, Version, Amount }

internal static class KeywordContext
{
    private static readonly string[] PhoneWords =
    {
        "tel", "telf", "tlf", "tlfn", "tlfno", "tfno", "tfn", "teléfono", "telefono", "teléfonos", "telefonos", "telephone", "phone",
        "móvil", "movil", "mobile", "mob", "cell", "cellphone", "llámame", "llamame", "llámanos", "llamanos", "llamar", "llama", "llámenos",
        "call", "whatsapp", "wa", "sms", "fax", "contacto", "contact", "tel.", "mvl", "phones", "telefónico", "telefonico",
        "localizable", "ring", "text", "escríbeme", "numero-de-telefono",
    };

    private static readonly string[] ReferenceWords =
    {
        "pedido", "pedidos", "order", "orders", "factura", "facturas", "invoice", "invoices", "ref", "refs", "referencia", "reference",
        "nº", "º", "n°", "°", "expediente", "exp", "ticket", "tickets", "id", "albarán", "albaran", "tracking", "seguimiento", "localizador",
        "booking", "reserva", "contrato", "contract", "póliza", "poliza", "policy", "case", "caso", "incidencia", "incident", "cuenta",
        "account", "acct", "transacción", "transaccion", "transaction", "operación", "operacion", "serial", "sku", "lote", "batch",
        "código", "codigo", "code", "cliente", "customer", "client", "socio", "member", "pin", "cp", "zip", "postal", "importe",
        "amount", "total", "precio", "price", "pago", "payment", "recibo", "receipt", "registro", "record", "envío", "envio", "shipment",
        "parcel", "paquete", "solicitud", "request", "req", "issue", "bug", "build", "job", "proceso", "process", "pid", "uid", "gid",
        "lot", "item", "artículo", "articulo", "modelo", "model", "asiento", "vuelo", "flight", "nif", "cif", "dni", "nie", "iban",
        "ccc", "swift", "bic", "matrícula", "matricula", "licencia", "license", "licence", "serie", "series", "version", "versión",
        "número-de-pedido", "ord", "inv", "po", "rma", "nss", "afiliación", "afiliacion", "sap", "crm", "erp",
    };

    private static readonly string[] SsnWords = { "ssn", "ss#", "social", "security", "ssn#", "ssa" };

    /// <summary>
    /// Looks back from <paramref name="pos"/> over at most 4 words (within 48 chars, same line) and returns the
    /// kind of the nearest keyword. A '#' immediately before the number counts as a reference marker.
    /// </summary>
    public static ContextKind Before(string text, int pos)
    {
        int i = pos - 1;
        int limit = Math.Max(0, pos - 48);
        int words = 0;
        bool first = true;
        while (i >= limit && words < 5)
        {
            // skip separators
            while (i >= limit)
            {
                char c = text[i];
                if (c == '\n' || c == '\r') return ContextKind.None;
                if (c == '#' && first) return ContextKind.Reference;
                if (c is '$' or '€' or '£' && first) return ContextKind.Amount;
                if (char.IsLetter(c) || c == 'º' || c == '°') break;
                if (c == '.' && i > 0 && !char.IsLetter(text[i - 1]) && !first) return ContextKind.None; // sentence boundary
                i--;
            }
            if (i < limit) break;
            int end = i + 1;
            while (i >= 0 && end - i <= 24 && (char.IsLetter(text[i]) || text[i] == 'º' || text[i] == '°')) i--;
            var word = text.AsSpan(i + 1, end - i - 1);
            first = false;
            words++;
            var kind = Classify(word);
            if (kind != ContextKind.None) return kind;
        }
        return ContextKind.None;
    }

    private static readonly FrozenDictionary<string, ContextKind> Keywords = BuildKeywords();
    private static readonly FrozenDictionary<string, ContextKind>.AlternateLookup<ReadOnlySpan<char>> KeywordLookup =
        Keywords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static FrozenDictionary<string, ContextKind> BuildKeywords()
    {
        var d = new Dictionary<string, ContextKind>(StringComparer.Ordinal);
        foreach (var w in ReferenceWords) d[w] = ContextKind.Reference;
        foreach (var w in new[] { "version", "versión", "v", "release", "build" }) d[w] = ContextKind.Version;
        foreach (var w in SsnWords) d[w] = ContextKind.Ssn;
        foreach (var w in PhoneWords) d[w] = ContextKind.PhonePositive;
        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static ContextKind Classify(ReadOnlySpan<char> word)
    {
        if (word.Length > 20) return ContextKind.None;
        Span<char> lower = stackalloc char[word.Length];
        word.ToLowerInvariant(lower);
        return KeywordLookup.TryGetValue(lower, out var kind) ? kind : ContextKind.None;
    }

    /// <summary>True when a currency marker follows the number (amount, not a phone).</summary>
    public static bool CurrencyAfter(string text, int end)
    {
        int i = end;
        if (i < text.Length && text[i] == ' ') i++;
        if (i >= text.Length) return false;
        char c = text[i];
        if (c is '€' or '$' or '£' or '%') return true;
        var rest = text.AsSpan(i, Math.Min(6, text.Length - i));
        return rest.StartsWith("EUR", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("USD", StringComparison.Ordinal)
            || rest.StartsWith("euro", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("dólar", StringComparison.OrdinalIgnoreCase)
            || rest.StartsWith("dollar", StringComparison.OrdinalIgnoreCase);
    }
}
