using System.Collections.Frozen;

namespace Econeura.Domain.Dlp;

/// <summary>
/// The words before (or the sign after) a number that say what it is: a phone, an order or other reference, an SSN, a device
/// id, a version, an amount, a tax id or a product code. The digits alone are often ambiguous; these words decide.
/// </summary>
internal static class KeywordContext
{
    private static readonly string[] PhoneWords =
    {
        "tel", "telf", "tlf", "tlfn", "tlfno", "tfno", "tfn", "teléfono", "telefono", "teléfonos", "telefonos", "telephone", "phone",
        "móvil", "movil", "mobile", "mob", "cell", "cellphone", "llámame", "llamame", "llámanos", "llamanos", "llamar", "llama", "llámenos",
        "call", "whatsapp", "wa", "sms", "fax", "contacto", "contact", "tel.", "mvl", "phones", "telefónico", "telefonico",
        "localizable", "ring", "text", "escríbeme", "numero-de-telefono", "llamen", "llámeme", "llameme", "llamarme", "llamadme",
        "contacta", "contactar", "contáctame", "contactame", "contáctenos", "contactenos", "celular", "móviles", "moviles", "dial",
        "telefonea", "llamada", "llamadas", "fijo", "landline", "tel:", "whats", "wasap", "guardia", "on-call", "oncall",
        "telemóvel", "telemovel", "telefone", "contato", "ligue", "ligar", "téléphone", "tél", "portable", "appelez", "appeler",
        "telefon", "handy", "mobil", "anrufen", "rufen", "cellulare", "chiamare", "chiama", "chiamami", "telefoon",
        "mobiel", "gsm", "bellen", "bel",
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
        "encomenda", "fatura", "commande", "facture", "référence", "bestellung", "rechnung", "auftrag", "kundennummer", "ordine",
        "fattura", "riferimento", "bestelling", "factuur", "referentie",
    };

    private static readonly string[] SsnWords = { "ssn", "ss#", "social", "security", "ssn#", "ssa" };

    private static readonly string[] DeviceWords = { "imei", "imeisv", "iccid", "icc", "sim", "imsi", "meid", "esn", "eid" };

    /// <summary>
    /// Looks back from <paramref name="position"/> and returns the kind of the nearest keyword: over the 5 nearest words, and
    /// further back across the same sentence up to ~40 characters. A '#' immediately before the number counts as a
    /// reference marker. When the number is introduced by a generic "número / number / nº" the whole clause (up to
    /// 90 characters, stopping at . ; ! ? or a line break) is searched for an order-ish noun
    /// ("el pedido que hiciste ayer tiene el número 698765432").
    /// </summary>
    public static ContextKind Before(string text, int position)
    {
        int i = position - 1;
        int limit = Math.Max(0, position - 90);
        int words = 0;
        bool first = true;
        bool numberWord = false;
        while (i >= limit && (words < 5 || position - i <= 40 || numberWord))
        {
            // Back over what separates two words; some separators end the context (a line, a sentence, a list, an address,
            // another number).
            while (i >= limit)
            {
                char character = text[i];
                if (character == '\n' || character == '\r') return ContextKind.None;
                if (character == '#' && first) return ContextKind.Reference;
                if (character is '$' or '€' or '£' && first) return ContextKind.Amount;
                if (char.IsLetter(character) || character == 'º' || character == '°') break;
                if (character == '.' && i > 0 && !char.IsLetter(text[i - 1]) && !first) return ContextKind.None; // sentence boundary
                // list separators and e-mail addresses end the context: the keyword in "factura: a@b.es · 96 207 24 68"
                // belongs to the address, not to the number
                if (character is ';' or '!' or '?' or '|' or '·' or '•' or '@') return ContextKind.None;
                if (character == ',' && position - i > 40) return ContextKind.None; // far context stays within the clause
                if (Chars.IsDigit(character) && !first) return ContextKind.None; // "Código postal 28001 y 612345678": the keyword belongs to the other number
                if (character == '.' && words >= 3 && i + 1 < text.Length && text[i + 1] == ' ') return ContextKind.None; // "... enviado. Llámame"
                i--;
            }
            if (i < limit) break;
            int end = i + 1;
            while (i >= 0 && end - i <= 24 && (char.IsLetter(text[i]) || text[i] == 'º' || text[i] == '°')) i--;
            var word = text.AsSpan(i + 1, end - i - 1);
            first = false;
            words++;
            var kind = Classify(word);
            if (kind != ContextKind.None)
            {
                if (words > 5 && !numberWord && kind is ContextKind.Version or ContextKind.Amount) continue;
                // nouns that name a person/thing rather than a number ("el cliente Juan Pérez (612 345 678)") only
                // count right before the number ("cliente nº 612345678", "número de cliente: 612345678")
                if (kind == ContextKind.Reference && words > 2 && !numberWord && WeakReferenceLookup.Contains(LowerWord(word))) continue;
                return kind;
            }
            if (words <= 2 && IsNumberWord(word)) numberWord = true;
        }
        return ContextKind.None;
    }

    private static readonly FrozenSet<string> WeakReferenceWords = new[]
    {
        "cliente", "customer", "client", "socio", "member", "cuenta", "account", "contrato", "contract", "caso", "case", "solicitud",
        "request", "registro", "record", "proceso", "process", "item", "modelo", "model", "envío", "envio", "paquete", "parcel",
        "vuelo", "flight", "asiento", "pago", "payment", "importe", "amount", "total", "precio", "price", "incidencia", "incident",
        "issue", "bug", "job", "reserva", "booking",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> WeakReferenceLookup =
        WeakReferenceWords.GetAlternateLookup<ReadOnlySpan<char>>();

    [ThreadStatic] private static char[]? _lowerBuffer;

    private static ReadOnlySpan<char> LowerWord(ReadOnlySpan<char> word)
    {
        var buffer = _lowerBuffer ??= new char[32];
        int length = Math.Min(word.Length, buffer.Length);
        word[..length].ToLowerInvariant(buffer);
        return buffer.AsSpan(0, length);
    }

    private static bool IsNumberWord(ReadOnlySpan<char> word) =>
        word.Equals("número", StringComparison.OrdinalIgnoreCase) || word.Equals("numero", StringComparison.OrdinalIgnoreCase)
        || word.Equals("number", StringComparison.OrdinalIgnoreCase) || word.Equals("num", StringComparison.OrdinalIgnoreCase)
        || word.Equals("no", StringComparison.OrdinalIgnoreCase) || word.Equals("núm", StringComparison.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, ContextKind> Keywords = BuildKeywords();
    private static readonly FrozenDictionary<string, ContextKind>.AlternateLookup<ReadOnlySpan<char>> KeywordLookup =
        Keywords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static FrozenDictionary<string, ContextKind> BuildKeywords()
    {
        var keywords = new Dictionary<string, ContextKind>(StringComparer.Ordinal);
        foreach (var word in ReferenceWords) keywords[word] = ContextKind.Reference;
        foreach (var word in new[] { "version", "versión", "v", "release", "build" }) keywords[word] = ContextKind.Version;
        foreach (var word in SsnWords) keywords[word] = ContextKind.Ssn;
        foreach (var word in DeviceWords) keywords[word] = ContextKind.Device;
        foreach (var word in PhoneWords) keywords[word] = ContextKind.PhonePositive;
        return keywords.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static ContextKind Classify(ReadOnlySpan<char> word)
    {
        if (word.Length > 20) return ContextKind.None;
        Span<char> lower = stackalloc char[word.Length];
        word.ToLowerInvariant(lower);
        return KeywordLookup.TryGetValue(lower, out var kind) ? kind : ContextKind.None;
    }

    private static readonly FrozenSet<string> ProductWords = new[]
    {
        "sku", "ref", "refs", "referencia", "reference", "código", "codigo", "code", "product", "producto", "productos", "modelo",
        "model", "art", "artículo", "articulo", "article", "lote", "lot", "batch", "serial", "serie", "part", "pn", "item", "ean",
        "pieza", "recambio", "stock", "almacén", "almacen", "inventario", "inventory", "upc", "mpn", "partnumber", "ticket", "pedido",
        "order", "tracking", "seguimiento", "matrícula", "matricula", "vin", "bastidor", "chasis", "versión", "version", "build",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ProductLookup =
        ProductWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// True when the word just before <paramref name="position"/> (at most 2 words back, same line) names a product / order code
    /// ("SKU A58818501", "Ref. B12345674", "código de artículo B12345674"), so a letter+8-digit token there is not a CIF.
    /// </summary>
    public static bool IsProductCodeContext(string text, int position)
    {
        int i = position - 1;
        Span<char> buffer = stackalloc char[16];
        for (int words = 0; words < 3; words++)
        {
            while (i >= 0 && !char.IsLetter(text[i]))
            {
                char character = text[i];
                if (character is '\n' or '\r' or ',' or ';' or '(' or ')') return false;
                if (position - i > 40) return false;
                i--;
            }
            if (i < 0) return false;
            int end = i + 1;
            while (i >= 0 && end - i <= 20 && char.IsLetter(text[i])) i--;
            var word = text.AsSpan(i + 1, end - i - 1);
            if (word.Length > 16) return false;
            Span<char> lower = buffer[..word.Length];
            word.ToLowerInvariant(lower);
            if (ProductLookup.Contains(lower)) return true;
            if (lower is "cif" or "nif" or "vat" or "tax" or "fiscal" or "empresa" or "company" or "proveedor" or "supplier" or "sociedad") return false;
            if (lower is not ("de" or "del" or "of" or "no" or "nº" or "num" or "number" or "número" or "numero" or "id" or "nr"
                or "the" or "el" or "la"))
                return false;
        }
        return false;
    }

    /// <summary>
    /// True when the word right before <paramref name="position"/> (only spaces, ':', '=' or '#' in between, same line) is a
    /// version word: "version 1.8.11.61", "firmware v 10.0.0.1", "build: 10.0.19041.1". A version word further back does
    /// not count ("SSH into the build box (192.168.20.69)").
    /// </summary>
    public static bool VersionWordRightBefore(string text, int position)
    {
        int i = position - 1;
        Span<char> buffer = stackalloc char[12];
        for (int words = 0; words < 3; words++)
        {
            int separatorEnd = i;
            while (i >= 0 && separatorEnd - i < 4 && text[i] is ' ' or ':' or '=' or '#' or '\t' or '(' or '"' or '\'') i--;
            int end = i + 1;
            while (i >= 0 && end - i <= 12 && char.IsLetter(text[i])) i--;
            var word = text.AsSpan(i + 1, end - i - 1);
            if (word.IsEmpty || word.Length > 11) return false;
            if (Classify(word) == ContextKind.Version || word.Equals("firmware", StringComparison.OrdinalIgnoreCase)
                || word.Equals("ver", StringComparison.OrdinalIgnoreCase))
                return true;
            Span<char> lower = buffer[..word.Length];
            word.ToLowerInvariant(lower);
            if (lower is not ("is" or "es" or "de" or "del" or "no" or "number" or "número" or "numero" or "actual" or "current"
                or "installed" or "instalada" or "latest" or "última" or "ultima" or "new" or "nueva" or "the" or "la"))
                return false;
        }
        return false;
    }

    /// <summary>
    /// True when a tax-id word ("CIF", "NIF", "C.I.F.", "VAT", "IVA", "fiscal", "USt-IdNr", "TVA", "BTW") is among the 6 words
    /// before <paramref name="position"/> on the same line, within 60 characters ("CIF A 28509701", "(CIF B 41958992)",
    /// "NIF de la empresa: A 28509701", "VAT number of the supplier: B 12345674").
    /// </summary>
    public static bool TaxIdKeywordBefore(string text, int position)
    {
        const int MaxWords = 6, MaxDistance = 60, MaxWordLength = 16;
        int i = position - 1;
        Span<char> word = stackalloc char[MaxWordLength];
        for (int words = 0; words < MaxWords; words++)
        {
            while (i >= 0 && !char.IsLetter(text[i]))
            {
                if (text[i] is '\n' or '\r' || position - i > MaxDistance) return false;
                i--;
            }
            if (i < 0) return false;
            int length = 0;
            int end = i + 1;
            while (i >= 0 && end - i <= MaxWordLength && (char.IsLetter(text[i]) || (text[i] == '.' && i > 0 && char.IsLetter(text[i - 1]))))
            {
                if (text[i] != '.' && length < word.Length) word[length++] = char.ToLowerInvariant(text[i]);
                i--;
            }
            var lower = word[..length];
            lower.Reverse();
            if (lower is "cif" or "nif" or "vat" or "fiscal" or "iva" or "cifnif" or "tax" or "ust" or "idnr" or "ustidnr" or "tva" or "btw"
                or "intracomunitario" or "nipc") return true;
        }
        return false;
    }

    /// <summary>True when a currency marker follows the number (amount, not a phone).</summary>
    public static bool CurrencyAfter(string text, int end)
    {
        int i = end;
        if (i < text.Length && text[i] == ' ') i++;
        if (i >= text.Length) return false;
        char character = text[i];
        if (character is '€' or '$' or '£' or '%') return true;
        var rest = text.AsSpan(i, Math.Min(6, text.Length - i));
        return rest.StartsWith("EUR", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("USD", StringComparison.Ordinal)
            || rest.StartsWith("euro", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("dólar", StringComparison.OrdinalIgnoreCase)
            || rest.StartsWith("dollar", StringComparison.OrdinalIgnoreCase);
    }
}
