using Econeura.Portal.Tests.Approvals;
using Bunit;
using Econeura.Portal.Features.Approvals;
using Econeura.Portal.Features.Conversations;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Econeura.Portal.Tests.Conversations;

/// <summary>Conversations started through the same operations the pages use, each turn run by the simulator.</summary>
internal static class Conversations
{
    public static async Task<Guid> StartAsync(this PortalFixture fixture, PortalUser user, string agentId, string message) =>
        Assert.IsType<ConversationOutcome.Done>(await fixture.Service<ConversationOperations>().StartAsync(user, agentId, message)).ConversationId;

    public static Task<ConversationThread> ThreadWhenAsync(this PortalFixture fixture, PortalUser user, Guid id, Func<ConversationThread, bool> until,
        string what) =>
        Eventually.Until(async () => (await fixture.Service<ConversationQueries>().ThreadAsync(user, id))!, until, what);
}

/// <summary>/conversations: the user's own threads, found by what they say, renamed elsewhere, deleted after asking.</summary>
public sealed class ConversationsPageTests(PortalFixture fixture) : PortalComponentTest(fixture, "ana", "es-ES")
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");

    /// <summary>The text box a MudBlazor field marked with <paramref name="testId"/> renders.</summary>
    public static AngleSharp.Dom.IElement Input<TPage>(IRenderedComponent<TPage> page, string testId) where TPage : IComponent =>
        page.Find($"input[data-testid={testId}], [data-testid={testId}] input");

    private static IReadOnlyList<string> Titles(IRenderedComponent<ConversationsPage> page) =>
        [.. page.FindAll("[data-testid=conv-row] a").Select(link => link.TextContent)];

    [Fact]
    public async Task The_list_shows_only_the_users_own_threads_and_search_narrows_them_to_what_they_say()
    {
        await Fixture.StartAsync(Ana, "neura-10", "Plan de hidrógeno verde para la planta de Bilbao");
        await Fixture.StartAsync(Ana, "neura-10", "Cierre contable de noviembre");
        await Fixture.StartAsync(PortalFixture.User("elena"), "neura-10", "Campaña de hidrógeno de Elena");

        var page = Render<ConversationsPage>();
        page.WaitForAssertion(() => Assert.Contains("Cierre contable de noviembre", Titles(page)));
        Assert.Contains("Plan de hidrógeno verde para la planta de Bilbao", Titles(page));
        Assert.DoesNotContain("Campaña de hidrógeno de Elena", Titles(page));
        Input(page, "conv-search").Input("hidrógeno");

        page.WaitForAssertion(() => Assert.Equal(["Plan de hidrógeno verde para la planta de Bilbao"], Titles(page)));
        Input(page, "conv-search").Input("zafiro");
        page.WaitForAssertion(() => Assert.Equal("Ninguna conversación coincide.", page.Find("[data-testid=conv-empty]").TextContent));
    }

    [Fact]
    public async Task Deleting_asks_first_then_the_thread_leaves_the_list_and_cannot_be_read()
    {
        var kept = await Fixture.StartAsync(Ana, "neura-10", "Inventario del almacén de Getafe");
        var deleted = await Fixture.StartAsync(Ana, "neura-10", "Borrador de la carta a proveedores");
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ConversationsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll($"[data-testid=conv-row][data-id='{deleted}']")));

        page.Find($"[data-testid=conv-row][data-id='{deleted}'] [data-testid=conv-delete]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("«Borrador de la carta a proveedores» desaparece de tus conversaciones", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Cancelar")).Click();
        Assert.Single(page.FindAll($"[data-testid=conv-row][data-id='{deleted}']"));
        page.Find($"[data-testid=conv-row][data-id='{deleted}'] [data-testid=conv-delete]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("desaparece de tus conversaciones", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Borrar")).Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=conv-row][data-id='{deleted}']")));
        Assert.Single(page.FindAll($"[data-testid=conv-row][data-id='{kept}']"));
        Assert.Null(await Fixture.Service<ConversationQueries>().ThreadAsync(Ana, deleted));
    }
}

/// <summary>A thread: each turn's message and answer in order, where each turn stands, and its title renamed in place.</summary>
public sealed class ConversationThreadPageTests(PortalFixture fixture) : PortalComponentTest(fixture, "ana", "en-GB")
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");

    private IRenderedComponent<ConversationThreadPage> Open(Guid id) =>
        Render<ConversationThreadPage>(parameters => parameters.Add(p => p.Id, id));

    [Fact]
    public async Task Turns_show_the_redacted_message_the_answer_and_the_running_cost_in_order()
    {
        var id = await Fixture.StartAsync(Ana, "neura-10", "Summarise the quarter and send it to marta.ruiz@contoso.es");
        await Fixture.ThreadWhenAsync(Ana, id, thread => thread.CanSend, "the first answer");
        await Fixture.Service<ConversationOperations>().SendAsync(Ana, id, "Add the supplier payments");
        var thread = await Fixture.ThreadWhenAsync(Ana, id, thread => thread is { CanSend: true, Turns.Count: 2 }, "the second answer");

        var page = Open(id);

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=conv-turn]").Count));
        var turns = page.FindAll("[data-testid=conv-turn]");
        Assert.All(turns, turn => Assert.Equal("Answered", turn.GetAttribute("data-phase")));
        Assert.Contains("Summarise the quarter and send it to <EMAIL_1>", turns[0].QuerySelector("[data-testid=conv-user-message]")!.TextContent);
        Assert.DoesNotContain("marta.ruiz", page.Markup);
        Assert.Contains("Add the supplier payments", turns[1].QuerySelector("[data-testid=conv-user-message]")!.TextContent);
        // The second answer is the simulator's proof of memory: it recalls the first message, redacted.
        Assert.Contains("Summarise the quarter and send it to <EMAIL_1>", turns[1].QuerySelector("[data-testid=live-answer]")!.TextContent);
        Assert.All(thread.Turns.Zip(turns), pair => Assert.Contains(pair.First.Answer!.Split('\n')[0].Trim(),
            pair.Second.QuerySelector("[data-testid=live-answer]")!.TextContent));
        Assert.Empty(page.FindAll("[data-testid=conv-turn-state]"));
        Assert.Contains(Formatting.Euros(thread.CostEur), page.Find("[data-testid=conv-summary]").TextContent);
    }

    [Fact]
    public async Task A_turn_held_for_approval_says_so_and_turns_into_the_rejection_and_its_reason_live()
    {
        var id = await Fixture.StartAsync(Ana, "ciso-access-recertification", "Review the sales team's access rights");
        var thread = await Fixture.ThreadWhenAsync(Ana, id, thread => thread.Turns.Count == 1, "the held turn");
        var held = (await Fixture.Service<ApprovalQueries>().CurrentRequestAsync(Ana.TenantId, thread.Turns[0].Execution.Id))!;

        var page = Open(id);

        page.WaitForAssertion(() => Assert.Equal($"Waiting for approval (0 of {held.ApprovalsRequired})",
            page.Find("[data-testid=conv-turn-state]").TextContent.Trim()));
        Assert.Equal("WaitingForApproval", page.Find("[data-testid=conv-turn]").GetAttribute("data-phase"));
        Assert.True(page.Find("[data-testid=conv-regenerate]").HasAttribute("disabled"));
        Assert.NotEmpty(page.FindAll("[data-testid=conv-wait]"));

        Assert.IsType<DecisionOutcome.Decided>(await Fixture.Service<ApprovalDesk>().DecideAsync(
            PortalFixture.User("bruno"), held.Id, ApprovalVerdict.Reject, "Ask the sales lead first", held.Version, held.PayloadHash));

        page.WaitForAssertion(() => Assert.Equal("Rejected", page.Find("[data-testid=conv-turn]").GetAttribute("data-phase")));
        Assert.Contains("Ask the sales lead first", page.Find("[data-testid=conv-turn-state]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=conv-wait]"));
    }

    [Fact]
    public async Task Renaming_keeps_a_valid_title_and_refuses_an_empty_one_in_place()
    {
        var id = await Fixture.StartAsync(Ana, "neura-10", "Travel policy questions");
        var page = Open(id);
        page.WaitForAssertion(() => Assert.Equal("Travel policy questions", page.Find("[data-testid=conv-title]").TextContent));
        // The turn's answer re-renders the page when it comes; clicks found before a re-render would miss their handler.
        page.WaitForAssertion(() => Assert.Equal("Answered", page.Find("[data-testid=conv-turn]").GetAttribute("data-phase")));

        page.Find("[data-testid=conv-rename]").Click();
        page.WaitForAssertion(() => ConversationsPageTests.Input(page, "conv-title-input"));
        ConversationsPageTests.Input(page, "conv-title-input").Change("   ");
        page.Find("[data-testid=conv-title-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("A title of 1 to", page.Markup));
        ConversationsPageTests.Input(page, "conv-title-input").Change("Travel 2027");
        page.Find("[data-testid=conv-title-save]").Click();

        page.WaitForAssertion(() => Assert.Equal("Travel 2027", page.Find("[data-testid=conv-title]").TextContent));
        Assert.Equal("Travel 2027", (await Fixture.Service<ConversationQueries>().ThreadAsync(Ana, id))!.Conversation.Title);
    }
}
