using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>Two nodes whose mail goes to a real SMTP server in the test process.</summary>
public sealed class MailCluster : PortalCluster
{
    public SmtpCatcher Mail { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Notifications__Smtp__Host"] = "127.0.0.1",
        ["Notifications__Smtp__Port"] = Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications__Smtp__UseTls"] = "false",
    };

    public override async Task InitializeAsync()
    {
        Mail = await SmtpCatcher.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Mail is not null) await Mail.DisposeAsync();
    }
}

/// <summary>
/// An approver who is not in the portal is mailed; the mail's one link is the way in, and the decision taken there
/// reaches the requester live.
/// </summary>
public sealed partial class MailLinkTests(MailCluster cluster) : IClassFixture<MailCluster>
{
    private const string Bruno = "bruno@contoso.example";
    private const string Ana = "ana@contoso.example";

    [Fact]
    public async Task The_link_in_the_approvers_mail_signs_in_and_opens_the_request_on_the_other_node_and_the_decision_reaches_the_requester_live()
    {
        // Bruno used the portal before (the directory knows him and his language); today he is not in it.
        await (await cluster.SignedInPageAsync(cluster.NodeB, "bruno")).Context.CloseAsync();
        var ana = await cluster.SignedInPageAsync(cluster.NodeA, "ana");
        var executionId = await PortalCluster.LaunchAsync(ana, "neura-8", "Revisa la cláusula de penalizaciones del contrato de transporte");
        await ana.EvaluateAsync("() => window.econeuraNotReloaded = true");
        await Expect(ana.GetByTestId("execution-approval")).ToHaveAttributeAsync("data-approval-status", "Pending");

        var mail = await Eventually.Until(() => Task.FromResult(cluster.Mail.To(Bruno).FirstOrDefault(m => m.Text.Contains("cláusula de penalizaciones"))),
            m => m is not null, "the approver's mail");
        Assert.StartsWith("Aprobación pendiente:", mail!.Subject);
        var link = new Uri(Assert.Single(ApprovalLink().Matches(mail.Text)).Value);
        Assert.Contains(link.GetLeftPart(UriPartial.Authority), new[] { cluster.NodeA.BaseUrl, cluster.NodeB.BaseUrl });

        // Opened in a browser that is not signed in, on the node the requester is not on (behind a load balancer, either serves it).
        var context = await cluster.Browser.NewContextAsync(new() { BaseURL = cluster.NodeB.BaseUrl, Locale = Readers.Spanish });
        var approver = await context.NewPageAsync();
        await approver.GotoAsync(link.PathAndQuery);
        await approver.WaitForURLAsync(new Regex("/signin-dev"));
        await approver.GetByTestId("persona-bruno").ClickAsync();
        await approver.WaitForURLAsync(url => new Uri(url).AbsolutePath == link.AbsolutePath);
        await PortalCluster.WaitForCircuitAsync(approver);
        await Expect(approver.GetByTestId("approval-input")).ToContainTextAsync("Revisa la cláusula de penalizaciones del contrato de transporte");
        await approver.GetByTestId("approve-button").ClickAsync();
        await approver.GetByTestId("decision-confirm").ClickAsync();
        await Expect(approver.GetByTestId("decision-notice")).ToBeVisibleAsync();

        // Ana's open page on the other node follows without a reload, and she is told by mail too.
        await Expect(ana.GetByTestId("execution-approval")).ToHaveAttributeAsync("data-approval-status", "Approved", new() { Timeout = 15_000 });
        await Expect(ana.GetByTestId("execution-approved-by")).ToContainTextAsync("Bruno Martín");
        await Expect(ana.GetByTestId("execution-status").First).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 30_000 });
        Assert.True(await ana.EvaluateAsync<bool>("() => window.econeuraNotReloaded === true"), "the execution page reloaded");
        var told = await Eventually.Until(() => Task.FromResult(cluster.Mail.To(Ana).FirstOrDefault(m => m.Text.Contains($"/executions/{executionId}"))),
            m => m is not null, "the requester's mail");
        Assert.StartsWith("Aprobada:", told!.Subject);
        await approver.ScreenshotAsync(new() { Path = Path.Combine(Repository.Artifacts("e2e"), "approval-from-mail-link.png"), FullPage = true });
    }

    [GeneratedRegex(@"https?://[^\s""<>]+/approvals/[0-9a-f-]{36}")]
    private static partial Regex ApprovalLink();
}
