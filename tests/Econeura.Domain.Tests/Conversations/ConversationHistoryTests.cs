using Econeura.Domain.Agents;
using Econeura.Domain.Conversations;

namespace Econeura.Domain.Tests.Conversations;

/// <summary>What of a conversation its next turn carries, within the agent's context limit.</summary>
public sealed class ConversationHistoryTests
{
    private static AgentMessage User(string text) => new(MessageRole.User, text);

    private static AgentMessage Agent(string text) => new(MessageRole.Agent, text);

    /// <summary>A text of exactly <paramref name="tokens"/> estimated tokens.</summary>
    private static string Tokens(int tokens, char letter = 'a') => new(letter, tokens * 4);

    [Fact]
    public void Everything_is_sent_in_order_while_it_fits()
    {
        IReadOnlyList<AgentMessage> prior = [User("Hola"), Agent("¿En qué te ayudo?"), User("La tesorería de <EMAIL_1>")];

        var window = ConversationHistory.Build(prior, "¿Y el mes que viene?", 4_000);

        Assert.Equal(prior, window.Sent);
        Assert.Equal(0, window.LeftOut);
    }

    [Fact]
    public void The_oldest_messages_are_left_out_when_the_newest_fill_the_limit()
    {
        IReadOnlyList<AgentMessage> prior = [User(Tokens(40, 'a')), Agent(Tokens(40, 'b')), User(Tokens(30, 'c')), Agent(Tokens(20, 'd'))];

        // 90 tokens: 10 for the new message, 20 + 30 for the two newest, and the 40 before them no longer fit.
        var window = ConversationHistory.Build(prior, Tokens(10), 90);

        Assert.Equal([prior[2], prior[3]], window.Sent);
        Assert.Equal(2, window.LeftOut);
    }

    [Fact]
    public void A_message_that_does_not_fit_ends_the_history_even_if_an_older_shorter_one_would()
    {
        IReadOnlyList<AgentMessage> prior = [User(Tokens(5)), Agent(Tokens(500)), User(Tokens(5))];

        var window = ConversationHistory.Build(prior, Tokens(5), 100);

        Assert.Equal([prior[2]], window.Sent);
        Assert.Equal(2, window.LeftOut);
    }

    [Fact]
    public void The_new_message_is_sent_alone_when_it_is_over_the_limit_by_itself()
    {
        var window = ConversationHistory.Build([User("Hola"), Agent("Hola")], Tokens(200), 100);

        Assert.Empty(window.Sent);
        Assert.Equal(2, window.LeftOut);
    }

    [Fact]
    public void The_history_is_counted_in_the_estimates_tokens()
    {
        var text = ConversationHistory.TextOf([User(Tokens(10)), Agent(Tokens(10))]);

        Assert.True(TokenEstimate.Of(text) >= 20);
        Assert.Equal("", ConversationHistory.TextOf(null));
    }
}
