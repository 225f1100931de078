using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using JasperFx;

namespace Econeura.Portal.Infrastructure.Settings;

/// <summary>Loads and saves settings documents with the stale-save check and a history of every version.</summary>
public sealed class VersionedSettings(IDocumentStore store, SettingsCache cache, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new EnumNameConverter() },
    };

    public Task<T?> LoadAsync<T>(string tenantId, string id, CancellationToken cancellationToken = default) where T : class, ISettingsDocument =>
        cache.OneAsync<T>(tenantId, id, cancellationToken);

    /// <summary>
    /// Saves <paramref name="document"/> only if its <see cref="ISettingsDocument.Version"/> is the one stored now, and
    /// records what changed; returns false, changing nothing, when someone saved in between.
    /// </summary>
    /// <param name="unsaved">
    /// What the setting was before its first save, as its page showed it (the defaults): the first save records only what
    /// it changed from them, not every field as new.
    /// </param>
    public async Task<bool> SaveAsync<T>(string tenantId, T document, PortalUser by, CancellationToken cancellationToken = default, T? unsaved = null)
        where T : class, ISettingsDocument
    {
        await using var session = store.LightweightSession(tenantId);
        var stored = await session.LoadAsync<T>(document.Id, cancellationToken);
        // Marten's revision check only refuses versions behind the stored one; a version ahead of it is stale too.
        if ((stored?.Version ?? 0) != document.Version) return false;
        var before = Flatten(stored ?? unsaved);
        document.UpdatedBy = by.DisplayName;
        document.UpdatedAt = time.GetUtcNow();
        session.UpdateRevision(document, document.Version + 1);
        session.Insert(new SettingsChange
        {
            Id = Guid.CreateVersion7(),
            Kind = typeof(T).Name,
            Key = document.Id,
            Version = document.Version + 1,
            ChangedBy = by.DisplayName,
            ChangedAt = document.UpdatedAt,
            Changes = Diff(before, Flatten(document)),
        });
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (ConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>
    /// Deletes a document only if <paramref name="version"/> is the one stored now, and records the removal in its
    /// history. The read and the delete are one serializable transaction: a save committed in between makes it stale.
    /// </summary>
    public async Task<SettingsRemoval> RemoveAsync<T>(string tenantId, string id, long version, PortalUser by, CancellationToken cancellationToken = default)
        where T : class, ISettingsDocument
    {
        await using var session = await store.LightweightSerializableSessionAsync(tenantId, cancellationToken);
        if (await session.LoadAsync<T>(id, cancellationToken) is not { } stored) return SettingsRemoval.NotFound;
        if (stored.Version != version) return SettingsRemoval.Stale;
        session.Delete(stored);
        session.Insert(new SettingsChange
        {
            Id = Guid.CreateVersion7(),
            Kind = typeof(T).Name,
            Key = id,
            Version = version + 1,
            ChangedBy = by.DisplayName,
            ChangedAt = time.GetUtcNow(),
            Changes = Diff(Flatten(stored), []),
        });
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            return SettingsRemoval.Removed;
        }
        catch (Exception exception) when (IsSerializationFailure(exception))
        {
            return SettingsRemoval.Stale;
        }
    }

    private static bool IsSerializationFailure(Exception? exception) =>
        exception is not null && (exception is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.SerializationFailure }
            || IsSerializationFailure(exception.InnerException));

    public async Task<IReadOnlyList<SettingsChange>> HistoryAsync<T>(string tenantId, string id, int take = 50, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(tenantId);
        return await session.Query<SettingsChange>()
            .Where(c => c.Kind == typeof(T).Name && c.Key == id)
            .OrderByDescending(c => c.Version)
            .Take(take)
            .ToListAsync(cancellationToken);
    }

    private static readonly HashSet<string> Bookkeeping = ["id", "version", "updatedBy", "updatedAt"];

    /// <summary>
    /// Every leaf of the document as path → JSON text, so two versions compare field by field. A list of plain values
    /// (thresholds) is one field: changing one of them reads as the list before and after, as the form shows it.
    /// </summary>
    private static Dictionary<string, string> Flatten<T>(T? document)
    {
        var leaves = new Dictionary<string, string>();
        if (document is null) return leaves;
        Walk(JsonSerializer.SerializeToNode(document, Json), "");
        return leaves;

        void Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, child) in obj)
                        if (path.Length > 0 || !Bookkeeping.Contains(name)) Walk(child, path.Length == 0 ? name : $"{path}.{name}");
                    break;
                case JsonArray array when array.All(item => item is JsonValue):
                    leaves[path] = array.ToJsonString(Json);
                    break;
                case JsonArray array:
                    // An item with an id is compared by it: removing the first of three channels reads as that one gone, not as the others renamed.
                    for (var i = 0; i < array.Count; i++)
                        Walk(array[i], $"{path}[{(array[i] is JsonObject item && item["id"] is JsonValue id ? id.ToString()
                            : i.ToString(CultureInfo.InvariantCulture))}]");
                    break;
                case null:
                    break;
                default:
                    leaves[path] = node.ToJsonString(Json).Trim('"');
                    break;
            }
        }
    }

    private static List<FieldChange> Diff(Dictionary<string, string> before, Dictionary<string, string> after) =>
        before.Keys.Union(after.Keys)
            .Where(field => before.GetValueOrDefault(field) != after.GetValueOrDefault(field))
            .Order(StringComparer.Ordinal)
            .Select(field => new FieldChange(field, before.GetValueOrDefault(field), after.GetValueOrDefault(field)))
            .ToList();
}

public enum SettingsRemoval
{
    Removed,
    NotFound,
    Stale,
}
