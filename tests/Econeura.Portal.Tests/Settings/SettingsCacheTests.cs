using Econeura.Portal.Infrastructure.LiveUpdates;
using Npgsql;

namespace Econeura.Portal.Tests.Settings;

/// <summary>The settings every launch reads are kept between changes: never stale, never shared with a page that edits them.</summary>
public sealed class SettingsCacheTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private readonly string _tenant = $"cache-{Guid.NewGuid():N}";
    private VersionedSettings Settings => fixture.Service<VersionedSettings>();

    private async Task<BudgetSettings> SavedBudgetAsync(decimal limitEur)
    {
        var budget = new BudgetSettings { Id = "legal", LimitEur = limitEur, ThresholdsPercent = [80], AtLimit = BudgetAtLimit.Block };
        Assert.True(await Settings.SaveAsync(_tenant, budget, PortalFixture.User("carmen")));
        return (await Settings.LoadAsync<BudgetSettings>(_tenant, "legal"))!;
    }

    [Fact]
    public async Task What_a_page_changes_in_the_copy_it_loaded_is_not_what_the_next_reader_gets()
    {
        var loaded = await SavedBudgetAsync(500m);

        loaded.LimitEur = 1m;
        loaded.ThresholdsPercent.Add(99);

        var again = (await Settings.LoadAsync<BudgetSettings>(_tenant, "legal"))!;
        Assert.Equal(500m, again.LimitEur);
        Assert.Equal([80], again.ThresholdsPercent);
        Assert.Equal(loaded.Version, again.Version);
    }

    [Fact]
    public async Task A_save_is_read_at_once_whether_through_the_settings_or_any_other_session()
    {
        var first = await SavedBudgetAsync(500m);
        first.LimitEur = 700m;
        Assert.True(await Settings.SaveAsync(_tenant, first, PortalFixture.User("carmen")));
        Assert.Equal(700m, (await Settings.LoadAsync<BudgetSettings>(_tenant, "legal"))!.LimitEur);

        await using (var session = fixture.Store.LightweightSession(_tenant))
        {
            var stored = (await session.LoadAsync<BudgetSettings>("legal"))!;
            stored.LimitEur = 900m;
            session.Update(stored);
            await session.SaveChangesAsync();
        }

        Assert.Equal(900m, (await Settings.LoadAsync<BudgetSettings>(_tenant, "legal"))!.LimitEur);
    }

    [Fact]
    public async Task A_change_made_by_another_process_is_read_once_its_notice_arrives()
    {
        // Until this process hears notices it keeps nothing; this test is about what it keeps.
        await Eventually.Until(() => Task.FromResult(fixture.Service<PostgresChangeListener>().IsListening), listening => listening, "the listener", timeoutSeconds: 10);
        var kept = (await SavedBudgetAsync(500m)).LimitEur;
        var database = fixture.Service<NpgsqlDataSource>();

        // Another process's write, as this process sees it: the row changes, and a notice follows at that commit.
        // The save's own notice may still be on its way and clear what the read after it kept: then that read is kept.
        var written = 1000m;
        for (; written < 1005m; written++)
        {
            await using (var write = database.CreateCommand(
                             "update econeura.mt_doc_budgetsettings set data = jsonb_set(data, '{LimitEur}', to_jsonb($2)) where tenant_id = $1 and id = 'legal'"))
            {
                write.Parameters.AddWithValue(_tenant);
                write.Parameters.AddWithValue(written);
                await write.ExecuteNonQueryAsync();
            }
            var read = (await Settings.LoadAsync<BudgetSettings>(_tenant, "legal"))!.LimitEur;
            if (read == kept) break; // answered from memory: the database was not asked
            kept = read;
        }
        Assert.True(written < 1005m, "every read went to the database: nothing was kept");

        await using (var notice = database.CreateCommand("select pg_notify($1, $2)"))
        {
            notice.Parameters.AddWithValue(NotifyStreamChanges.Channel);
            notice.Parameters.AddWithValue(SettingsChangedNotice.Format(_tenant));
            await notice.ExecuteNonQueryAsync();
        }

        await Eventually.Until(async () => (await Settings.LoadAsync<BudgetSettings>(_tenant, "legal"))!.LimitEur, limit => limit == written,
            "the notice to reach this process", timeoutSeconds: 5);
    }

    [Fact]
    public async Task A_type_that_was_not_declared_is_refused_rather_than_kept_without_notices()
    {
        var cache = fixture.Service<SettingsCache>();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            cache.OneAsync<SpendFilter>(_tenant, "x", CancellationToken.None));
    }
}
