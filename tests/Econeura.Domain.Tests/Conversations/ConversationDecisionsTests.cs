using Econeura.Domain.Agents;
using Econeura.Domain.Conversations;

namespace Econeura.Domain.Tests.Conversations;

/// <summary>A conversation's own stream: its owner, its turns, its title, its deletion.</summary>
public sealed class ConversationDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0193a1b2-0000-7000-8000-0000000000c1");
    private static readonly Guid FirstTurn = Guid.Parse("0193a1b2-0000-7000-8000-0000000000e1");
    private static readonly Guid SecondTurn = Guid.Parse("0193a1b2-0000-7000-8000-0000000000e2");

    private static Conversation Started() =>
        Conversation.Fold(ConversationDecisions.Start(Id, "tenant-a", "ana", "Ana", "neura-3", "Revisa la tesorería de <EMAIL_1>", FirstTurn, Now));

    [Fact]
    public void A_conversation_opens_with_its_first_turn_and_a_title_from_the_redacted_message()
    {
        var state = Started();

        Assert.Equal(("ana", "neura-3", "Revisa la tesorería de <EMAIL_1>"), (state.OwnerId, state.AgentId, state.Title));
        Assert.Equal([FirstTurn], state.Turns);
    }

    [Fact]
    public void A_long_first_message_gives_a_title_cut_at_a_word()
    {
        var title = ConversationDecisions.TitleFrom(string.Join(' ', Enumerable.Repeat("presupuesto", 20)) + "\nsegunda línea");

        Assert.True(title.Length <= ConversationDecisions.MaxTitleLength);
        Assert.EndsWith("presupuesto…", title);
    }

    [Fact]
    public void The_owner_adds_a_turn_once_the_last_one_is_over()
    {
        var decision = ConversationDecisions.AddTurn(Started(), "ana", SecondTurn, FirstTurn, Now);

        Assert.Null(decision.Refusal);
        Assert.Equal([FirstTurn, SecondTurn], Started().After(decision.Events).Turns);
    }

    [Fact]
    public void A_turn_is_refused_while_the_last_one_is_under_way_or_when_another_was_added_since_it_was_checked()
    {
        Assert.Equal(ConversationRefusal.TurnUnderWay, ConversationDecisions.CanAddTurn(Started(), "ana", lastTurnOver: false));
        var moved = Started().After([new ConversationTurnAdded(Id, SecondTurn, Now)]);

        var decision = ConversationDecisions.AddTurn(moved, "ana", Guid.NewGuid(), FirstTurn, Now);

        Assert.Equal(ConversationRefusal.TurnUnderWay, decision.Refusal);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void To_anyone_but_its_owner_a_conversation_does_not_exist()
    {
        Assert.Equal(ConversationRefusal.NotFound, ConversationDecisions.CanAddTurn(Started(), "bruno", lastTurnOver: true));
        Assert.Equal(ConversationRefusal.NotFound, ConversationDecisions.Rename(Started(), "bruno", "Mío", Now).Refusal);
        Assert.Equal(ConversationRefusal.NotFound, ConversationDecisions.Delete(Started(), "bruno", Now).Refusal);
    }

    [Fact]
    public void A_deleted_conversation_is_gone_for_its_owner_too_and_its_deletion_carries_no_content()
    {
        var deletion = ConversationDecisions.Delete(Started(), "ana", Now);
        var deleted = Started().After(deletion.Events);

        Assert.Equal(new ConversationDeleted(Id, "ana", Now), Assert.Single(deletion.Events));
        Assert.Equal(ConversationRefusal.NotFound, ConversationDecisions.CanAddTurn(deleted, "ana", lastTurnOver: true));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("with\u0007bell")]
    public void A_title_must_be_words_on_one_line(string title) =>
        Assert.Equal(ConversationRefusal.InvalidTitle, ConversationDecisions.Rename(Started(), "ana", title, Now).Refusal);

    [Fact]
    public void Renaming_records_who_renamed_it()
    {
        var decision = ConversationDecisions.Rename(Started(), "ana", "  Tesorería de diciembre ", Now);

        Assert.Equal(new ConversationRenamed(Id, "Tesorería de diciembre", "ana", Now), Assert.Single(decision.Events));
    }

    [Fact]
    public void A_regenerated_or_edited_turn_takes_the_place_of_the_last_one()
    {
        var decision = ConversationDecisions.AddTurn(Started(), "ana", SecondTurn, FirstTurn, Now, replacesLast: true);

        Assert.Equal(FirstTurn, Assert.IsType<ConversationTurnAdded>(Assert.Single(decision.Events)).Replaces);
        Assert.Equal([SecondTurn], Started().After(decision.Events).Turns);
    }
}
