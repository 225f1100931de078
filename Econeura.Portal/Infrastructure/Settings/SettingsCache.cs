using System.Collections.Concurrent;
using Marten.Services;

namespace Econeura.Portal.Infrastructure.Settings;

/// <summary>
/// Keeps in memory, between changes, the per-tenant settings that every launch and dispatch reads (catalog entries,
/// price rules, budgets, policies): read from the database each time they cost more than the rest of a launch.
/// A Marten session that writes a document of a cached type forgets the tenant here at its commit and tells the other
/// processes (<see cref="NotifySettingsChanges"/>), so a change holds everywhere within the time of a NOTIFY. While
/// this process cannot hear those (the listener is reconnecting), nothing is kept.
/// Entries are kept as JSON and read into a new object at each call: a page that edits what it loaded changes no one
/// else's copy.
/// </summary>
public sealed class SettingsCache(IServiceProvider services, IEnumerable<SettingsCache.CachedType> cachedTypes)
{
    /// <summary>A document type whose writes every process must hear of, declared with <see cref="SettingsRegistration.AddCachedSettings{T}"/>.</summary>
    public sealed record CachedType(Type DocumentType);

    private sealed class TenantEntries
    {
        public long Generation;
        public readonly ConcurrentDictionary<(Type Type, string Key), byte[]?> Json = new();
    }

    private const string All = "\u0000all";
    private readonly ConcurrentDictionary<string, TenantEntries> _tenants = new();
    private readonly HashSet<Type> _cachedTypes = [.. cachedTypes.Select(c => c.DocumentType)];
    private IDocumentStore? _store;
    private ISerializer? _serializer;
    private volatile bool _heardEverywhere;

    // The store is built after this cache exists (its session listener needs the cache), so it is looked up at first use.
    private IDocumentStore Store => _store ??= services.GetRequiredService<IDocumentStore>();
    private ISerializer Serializer => _serializer ??= Store.Options.Serializer();

    /// <summary>One document of the tenant, by id.</summary>
    public Task<T?> OneAsync<T>(string tenantId, string id, CancellationToken cancellationToken) where T : class =>
        GetAsync(tenantId, typeof(T), id, async token =>
        {
            await using var session = Store.QuerySession(tenantId);
            return await session.LoadAsync<T>(id, token);
        }, cancellationToken);

    /// <summary>Every document of a type of the tenant, in the order <paramref name="order"/> puts them.</summary>
    public async Task<IReadOnlyList<T>> AllAsync<T>(string tenantId, Func<IQueryable<T>, IQueryable<T>> order, CancellationToken cancellationToken)
        where T : class =>
        await GetAsync(tenantId, typeof(T), All, async token =>
        {
            await using var session = Store.QuerySession(tenantId);
            return new List<T>(await order(session.Query<T>()).ToListAsync(token));
        }, cancellationToken) ?? [];

    private async Task<TValue?> GetAsync<TValue>(string tenantId, Type documentType, string key, Func<CancellationToken, Task<TValue?>> load,
        CancellationToken cancellationToken) where TValue : class
    {
        // A type kept without being declared would not be announced when written, and go stale on other processes.
        if (!_cachedTypes.Contains(documentType)) throw new InvalidOperationException($"{documentType.Name} is not declared with AddCachedSettings.");
        if (!_heardEverywhere) return await load(cancellationToken);
        var tenant = _tenants.GetOrAdd(tenantId, _ => new TenantEntries());
        if (tenant.Json.TryGetValue((documentType, key), out var json))
            return json is null ? null : Serializer.FromJson<TValue>(new MemoryStream(json, writable: false));

        var generation = Interlocked.Read(ref tenant.Generation);
        var loaded = await load(cancellationToken);
        var loadedJson = loaded is null ? null : System.Text.Encoding.UTF8.GetBytes(Serializer.ToJson(loaded));
        lock (tenant)
        {
            // A change committed while this read was under way may be missing from it: it is answered, not kept.
            if (tenant.Generation == generation && _heardEverywhere) tenant.Json[(documentType, key)] = loadedJson;
        }
        return loaded;
    }

    /// <summary>Whether a write of this document type must be announced: documents of its type are kept.</summary>
    public bool Keeps(Type documentType) => _cachedTypes.Contains(documentType);

    public void Forget(string tenantId)
    {
        if (!_tenants.TryGetValue(tenantId, out var tenant)) return;
        lock (tenant)
        {
            tenant.Generation++;
            tenant.Json.Clear();
        }
    }

    /// <summary>Changes made by other processes are heard again: keep entries from now on, none from before.</summary>
    public void HearingEverywhere()
    {
        ForgetEverything();
        _heardEverywhere = true;
    }

    /// <summary>Changes made by other processes may go unheard: keep nothing until they are heard again.</summary>
    public void DeafToOthers()
    {
        _heardEverywhere = false;
        ForgetEverything();
    }

    private void ForgetEverything()
    {
        foreach (var tenantId in _tenants.Keys) Forget(tenantId);
    }
}
