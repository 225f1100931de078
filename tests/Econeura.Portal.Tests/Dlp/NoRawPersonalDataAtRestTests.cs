using Econeura.Portal.Tests.Approvals;
using Econeura.Portal.Features.Agents.Routing;
using Econeura.Portal.Features.Conversations;
using Econeura.Portal.Tests.Agents;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Econeura.Portal.Tests.Dlp;

/// <summary>
/// Everything the portal keeps or emits while it runs an execution: tables, logs, spans, the messages it sends, and what
/// it sends a chat model (a real streaming server, <see cref="TestAgentServer"/>).
/// </summary>
public sealed class CapturingFixture : PortalFixture, ILoggerProvider
{
    public ConcurrentQueue<string> Logs { get; } = new();
    public ConcurrentQueue<string> Spans { get; } = new();
    public SmtpCatcher Mail { get; private set; } = default!;
    public WebhookReceiver Teams { get; private set; } = default!;
    public TestAgentServer Model { get; private set; } = default!;
    private ActivityListener? _listener;

    public override async Task InitializeAsync()
    {
        Mail = await SmtpCatcher.StartAsync();
        Teams = await WebhookReceiver.StartAsync();
        Model = await TestAgentServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
        await Teams.DisposeAsync();
        await Model.DisposeAsync();
    }

    protected override PortalFactory CreatePortal(string connectionString)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => Spans.Enqueue(Describe(activity)),
        };
        ActivitySource.AddActivityListener(_listener);
        return new CapturingPortalFactory(connectionString, this);
    }

    private static string Describe(Activity activity)
    {
        var text = new StringBuilder(activity.DisplayName);
        foreach (var tag in activity.TagObjects) text.Append(' ').Append(tag.Key).Append('=').Append(tag.Value);
        foreach (var e in activity.Events)
        {
            text.Append(' ').Append(e.Name);
            foreach (var tag in e.Tags) text.Append(' ').Append(tag.Key).Append('=').Append(tag.Value);
        }
        return text.ToString();
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    void IDisposable.Dispose() => _listener?.Dispose();

    private sealed class CapturingPortalFactory(string connectionString, CapturingFixture fixture) : PortalFactory(connectionString)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Logging:LogLevel:Default", "Debug");
            builder.UseSetting("Logging:LogLevel:Marten", "Debug");
            builder.UseSetting("Logging:LogLevel:Npgsql", "Debug");
            builder.UseSetting("Notifications:Smtp:Host", "127.0.0.1");
            builder.UseSetting("Notifications:Smtp:Port", fixture.Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Notifications:Smtp:UseTls", "false");
            builder.UseSetting($"Secrets:Tenants:{DevelopmentPersonas.Contoso.Id}:test-chat-key", "chat-key-0123456789");
            builder.ConfigureLogging(logging => logging.AddProvider(fixture));
        }
    }

    private sealed class CapturingLogger(CapturingFixture fixture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            fixture.Logs.Enqueue($"{category} scope {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var structured = state is IEnumerable<KeyValuePair<string, object?>> values ? string.Join(" ", values.Select(v => $"{v.Key}={v.Value}")) : "";
            fixture.Logs.Enqueue($"{category} {formatter(state, exception)} {structured} {exception}");
        }
    }
}

public sealed class NoRawPersonalDataAtRestTests(CapturingFixture fixture) : IClassFixture<CapturingFixture>
{
    private static readonly (EntityType Type, string Value, string[] Variants)[] KnownValues =
    [
        (EntityType.EMAIL, "lucia.fernandez@contoso.es", []),
        (EntityType.PHONE, "+34 612 345 678", ["612345678", "612 345 678"]),
        (EntityType.CREDIT_CARD, "4111 1111 1111 1111", ["4111111111111111"]),
        (EntityType.IBAN, "ES91 2100 0418 4502 0005 1332", ["ES9121000418450200051332"]),
        (EntityType.ES_DNI, "12345678Z", []),
        (EntityType.ES_NIE, "X1234567L", []),
        (EntityType.ES_CIF, "B12345674", []),
        (EntityType.US_SSN, "536-90-4399", ["536904399"]),
        (EntityType.IP_ADDRESS, "192.168.10.24", []),
        (EntityType.SECRET, "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", []),
    ];

    private static string Input => string.Join(Environment.NewLine, KnownValues.Select(v => $"Dato de prueba ({v.Type}): {v.Value}."));

    [Fact]
    public async Task Executions_carrying_every_kind_of_personal_data_leave_no_raw_value_in_any_table_log_span_mail_or_card()
    {
        // The test proves something only if every value really is found.
        Assert.Equal(KnownValues.Select(v => v.Type).Order(), DlpScanner.Scan(Input).Select(f => f.Type).Order());
        // The held request is mailed to Diego and posted to the Teams channel for Bruno.
        foreach (var persona in new[] { "ana", "bruno", "diego" })
            await fixture.Service<People>().NoteAsync(PortalFixture.User(persona), System.Globalization.CultureInfo.GetCultureInfo("es-ES"));
        var settings = fixture.Service<NotificationSettingsStore>();
        Assert.IsType<NotificationSettingsSave.Saved>(await settings.SaveTenantAsync(PortalFixture.User("diego"),
            new TenantNotificationForm(NotificationPreferences.BuiltInDefaults, 0.5, fixture.Teams.Url, null, 0)));
        Assert.True(await settings.SavePersonAsync(PortalFixture.User("bruno"),
            new Dictionary<NotificationKind, NotificationChoice> { [NotificationKind.NewRequest] = NotificationChoice.Teams }, digest: false, 0));
        var ana = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Find("ana")!);
        var diego = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Find("diego")!);
        await diego.PutAsJsonAsync("/api/v1/agents/neura-5/dlp-policy",
            new { defaultAction = "redact", overrides = new Dictionary<string, string> { ["SECRET"] = "block" }, version = 0 });
        await diego.PutAsJsonAsync("/api/v1/agents/neura-4/dlp-policy",
            new { defaultAction = "redact", overrides = new Dictionary<string, string> { ["IBAN"] = "requireApproval" }, version = 0 });
        // Ten kinds of personal data in one input is a bulk request the default risk policy holds for approval; here
        // the redacted one must run, so that rule is off.
        var risk = await diego.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/v1/risk/policy");
        risk!["policy"]!["bulkFindingsThreshold"] = 0;
        (await diego.PutAsJsonAsync("/api/v1/risk/policy", risk)).EnsureSuccessStatusCode();

        var sent = await LaunchAsync(ana, "neura-10");
        var blocked = await LaunchAsync(ana, "neura-5");
        var held = await LaunchAsync(ana, "neura-4");
        await (await ana.PostAsJsonAsync("/api/v1/dlp/scan", new { text = Input, @operator = "mask" })).Content.ReadAsStringAsync();
        var completed = await Eventually.Until(
            async () => (await ana.GetFromJsonAsync<ExecutionResource>($"/api/v1/executions/{sent.Id}", PortalFactory.Json))!,
            e => e.Status == nameof(ExecutionStatus.Completed), "the redacted execution to complete");

        // A conversation too, with a chat model that streams an answer full of personal data: its title, its turns, the
        // answer, and the second turn's history carrying the first message and that answer, as sent to the model.
        await AgentServerFixture.RouteAsync(fixture.Services, PortalFixture.User("ana").TenantId, "neura-10", agent => agent with
        {
            Route = AgentRoute.Chat, Model = "gpt-4o",
            Chat = new ChatSettings { Endpoint = fixture.Model.BaseUrl + "/v1/", Deployment = "gpt-4o", ApiKeySecret = "test-chat-key" },
        });
        fixture.Model.Script("chat", new TestAgentServer.Answer(200, Pieces: [.. ("Según mis datos: " + Input).Split(' ').Select(word => word + " ")],
            Usage: new TestAgentServer.ChatUsage(900, 200)));
        var conversation = (await (await ana.PostAsJsonAsync("/api/v1/conversations", new { agentId = "neura-10", message = Input }))
            .Content.ReadFromJsonAsync<StartedConversation>(PortalFactory.Json))!;
        await ConversationAnsweredAsync(ana, conversation.Id, 1);
        (await ana.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/messages", new { message = "Y además: " + Input })).EnsureSuccessStatusCode();
        var thread = await ConversationAnsweredAsync(ana, conversation.Id, 2);

        Assert.Equal(nameof(ExecutionStatus.Blocked), blocked.Status);
        Assert.Equal(nameof(ExecutionStatus.AwaitingApproval), held.Status);
        Assert.Contains("<EMAIL_1>", completed.Input);
        var approval = (await fixture.Service<ApprovalQueries>().CurrentRequestAsync(PortalFixture.User("ana").TenantId, held.Id))!;
        await Eventually.Until(() => Task.FromResult(fixture.Mail.Received.Count(m => m.Text.Contains(approval.Id.ToString()))
            + fixture.Teams.Received.Count(r => r.Body.Contains(approval.Id.ToString()))), n => n == 2, "the held request's mail and card");
        var haystacks = new Dictionary<string, string>
        {
            ["database"] = await DumpEveryTableAsync(),
            ["logs"] = string.Join('\n', fixture.Logs),
            ["spans"] = string.Join('\n', fixture.Spans),
            ["mails"] = string.Join('\n', fixture.Mail.Received.Select(m => $"{m.Subject}\n{m.Text}\n{m.Html}")),
            // Unescaped, so that a value the JSON writer escaped ("\u002B34 ...") is still found.
            ["cards"] = string.Join('\n', fixture.Teams.Received.Select(r => Unescaped(r.Body))),
            ["model requests"] = string.Join('\n', fixture.Model.Requests.Select(r => Unescaped(Encoding.UTF8.GetString(r.Body)))),
        };
        // The answer is kept with its own values numbered after the input's, and goes back to the model so in the history.
        var answer = thread.Messages.First(m => m.Role == "agent").Text;
        Assert.StartsWith("Según mis datos: Dato de prueba (EMAIL): <EMAIL_2>.", answer);
        Assert.Contains("<IBAN_2>", answer);
        Assert.Contains("Según mis datos: Dato de prueba (EMAIL): <EMAIL_2>.", Unescaped(Encoding.UTF8.GetString(fixture.Model.Requests.Last().Body)));
        Assert.Contains("<EMAIL_1>", haystacks["mails"]); // the mail does carry the (redacted) input
        Assert.Contains("<EMAIL_1>", haystacks["cards"]);
        Assert.Contains("<EMAIL_1>", haystacks["database"]); // the dump does reach the events
        Assert.Contains(sent.Id.ToString(), haystacks["database"]);
        Assert.Contains(conversation.Id.ToString(), haystacks["database"]);
        Assert.Contains(haystacks["logs"].Split('\n'), line => line.StartsWith("Econeura."));
        Assert.Contains(haystacks["spans"].Split('\n'), span => span.Contains("execution.dispatch"));
        foreach (var (where, text) in haystacks)
        foreach (var (type, value, variants) in KnownValues)
        foreach (var raw in variants.Prepend(value))
            Assert.False(text.Contains(raw, StringComparison.OrdinalIgnoreCase), $"{type} value '{raw}' found in the {where}");
    }

    private static string Unescaped(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString(
        new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static Task<ThreadResource> ConversationAnsweredAsync(HttpClient client, Guid id, int answers) =>
        Eventually.Until(
            async () => (await client.GetFromJsonAsync<ThreadResource>($"/api/v1/conversations/{id}", PortalFactory.Json))!,
            thread => thread.Messages.Count(m => m.Role == "agent") == answers, $"answer {answers} of the conversation");

    private static async Task<ExecutionResource> LaunchAsync(HttpClient client, string agentId)
    {
        var response = await client.PostAsJsonAsync("/api/v1/executions", new { agentId, input = Input });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ExecutionResource>(PortalFactory.Json))!;
    }

    /// <summary>Every row of every table in every schema (Marten's, Hangfire's, anything else), as text.</summary>
    private async Task<string> DumpEveryTableAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables " +
            "where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        Assert.Contains(tables, t => t.StartsWith("hangfire."));
        Assert.Contains(tables, t => t.StartsWith("econeura."));

        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            await using var rows = new NpgsqlCommand($"select t::text from {table} t", connection);
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync()) dump.Append(table).Append(' ').AppendLine(reader.GetString(0));
        }
        return dump.ToString();
    }
}
