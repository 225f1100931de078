using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

/// <summary>One rule of a tenant's price table, with who added it. Rules are added, never changed: that is their history.</summary>
public sealed class PriceRuleDocument
{
    public Guid Id { get; set; }
    public string Key { get; set; } = "";
    public PriceKind Kind { get; set; }
    public decimal InputPer1K { get; set; }
    public decimal OutputPer1K { get; set; }
    public decimal PerCallEur { get; set; }

    /// <summary>Null (as in every rule stored before it existed): cached input costs the input price.</summary>
    public decimal? CachedInputPer1K { get; set; }

    /// <summary>Null: reasoning tokens cost the output price.</summary>
    public decimal? ReasoningPer1K { get; set; }

    public DateOnly EffectiveFrom { get; set; }
    public string AddedBy { get; set; } = "";
    public DateTimeOffset AddedAt { get; set; }

    public PriceRule ToRule() => new(Key, Kind, InputPer1K, OutputPer1K, PerCallEur, EffectiveFrom, CachedInputPer1K, ReasoningPer1K);
}

/// <summary>
/// The tenant's price table, seeded with list prices when the tenant is provisioned (as the agent catalog is). Calls are
/// priced from it at the time they are made, and the price used is written on the cost, so a later rule never changes
/// a recorded cost.
/// </summary>
public sealed class PriceTable(IDocumentStore store, SettingsCache cache, TimeProvider time)
{
    /// <summary>
    /// List prices in EUR, effective from the start of 2025, until finance adds its own. Cached input is half the input
    /// price, as the providers bill it; these models have no reasoning tokens.
    /// </summary>
    public static readonly IReadOnlyList<PriceRule> Defaults =
    [
        new("simulator", PriceKind.Tokens, 0.0005m, 0.0015m, 0m, new DateOnly(2025, 1, 1)),
        new("gpt-4o", PriceKind.Tokens, 0.0023m, 0.0092m, 0m, new DateOnly(2025, 1, 1), CachedInputPer1K: 0.00115m),
        new("gpt-4o-mini", PriceKind.Tokens, 0.00014m, 0.00055m, 0m, new DateOnly(2025, 1, 1), CachedInputPer1K: 0.00007m),
        new(PriceBook.WebhookKey, PriceKind.PerCall, 0m, 0m, 0.0020m, new DateOnly(2025, 1, 1)),
    ];

    public async Task<PriceBook> BookAsync(string tenantId, CancellationToken cancellationToken = default) =>
        new((await RulesAsync(tenantId, cancellationToken)).Select(r => r.ToRule()).ToList());

    public Task<IReadOnlyList<PriceRuleDocument>> RulesAsync(string tenantId, CancellationToken cancellationToken = default) =>
        cache.AllAsync<PriceRuleDocument>(tenantId, rules => rules.OrderBy(r => r.Key).ThenByDescending(r => r.EffectiveFrom), cancellationToken);

    /// <summary>Adds a rule; false, adding nothing, when its key already has a price from that day (which of two would apply?).</summary>
    public async Task<bool> AddAsync(string tenantId, PriceRule rule, PortalUser by, CancellationToken cancellationToken = default)
    {
        var document = Document(rule, by.DisplayName);
        // One id per key and day, so that two people adding the same price at once insert the same document and one is refused.
        document.Id = StableIds.From($"price|{document.Key}|{document.EffectiveFrom:yyyy-MM-dd}");
        await using var session = store.LightweightSession(tenantId);
        // Rules stored before ids were derived (and the seed's) have other ids: they are looked for by key and day.
        if (await session.Query<PriceRuleDocument>().AnyAsync(r => r.Key == document.Key && r.EffectiveFrom == document.EffectiveFrom, cancellationToken))
            return false;
        session.Insert(document);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is JasperFx.DocumentAlreadyExistsException
                                          or AggregateException { InnerException: JasperFx.DocumentAlreadyExistsException })
        {
            return false;
        }
    }

    private PriceRuleDocument Document(PriceRule rule, string addedBy) => new()
    {
        Id = Guid.CreateVersion7(),
        Key = rule.Key.Trim(),
        Kind = rule.Kind,
        InputPer1K = rule.InputPer1K,
        OutputPer1K = rule.OutputPer1K,
        PerCallEur = rule.PerCallEur,
        CachedInputPer1K = rule.CachedInputPer1K,
        ReasoningPer1K = rule.ReasoningPer1K,
        EffectiveFrom = rule.EffectiveFrom,
        AddedBy = addedBy,
        AddedAt = time.GetUtcNow(),
    };

    /// <summary>Adds the list prices to <paramref name="session"/>'s commit, in <paramref name="tenantId"/>, unless the tenant has prices already.</summary>
    public async Task StageSeedAsync(IDocumentSession session, string tenantId, CancellationToken cancellationToken)
    {
        await using var reads = store.QuerySession(tenantId);
        if (await reads.Query<PriceRuleDocument>().AnyAsync(cancellationToken)) return;
        // Seed ids are fixed per rule, so two nodes seeding at once insert the same documents and one is refused.
        session.ForTenant(tenantId).Insert(Defaults.Select((rule, index) =>
        {
            var seeded = Document(rule, "Econeura");
            seeded.Id = new Guid(index + 1, 0, 0, new byte[8]);
            return seeded;
        }).ToArray());
    }
}
