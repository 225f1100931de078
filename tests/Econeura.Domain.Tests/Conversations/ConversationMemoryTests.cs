using Econeura.Domain.Agents;
using Econeura.Domain.Approvals;
using Econeura.Domain.Conversations;

namespace Econeura.Domain.Tests.Conversations;

/// <summary>The history a turn carries is what the simulator remembers and what approvers approve.</summary>
public sealed class ConversationMemoryTests
{
    private static readonly AgentDefinition Cfo = new() { Id = "neura-3", Name = "NEURA CFO", Department = "cfo", Description = "Finance", IsLead = true };

    [Fact]
    public void The_simulator_counts_the_turns_and_recalls_the_previous_message_in_the_language_it_is_asked_in()
    {
        IReadOnlyList<AgentMessage> history =
        [
            new(MessageRole.User, "Prepara la previsión de caja de enero"),
            new(MessageRole.Agent, "Previsión preparada."),
            new(MessageRole.User, "Añade los pagos a <EMAIL_1>"),
            new(MessageRole.Agent, "Añadidos."),
        ];

        var spanish = SimulatedAnswer.For(new SimulatorPrompt(Cfo, "¿Qué te pedí antes?", history));
        var english = SimulatedAnswer.For(new SimulatorPrompt(Cfo, "What did I ask for before?", history));

        Assert.Contains("Turno 3 · antes me dijiste: «Añade los pagos a <EMAIL_1>»", spanish);
        Assert.Contains("Turn 3 · earlier you told me: “Añade los pagos a <EMAIL_1>”", english);
    }

    [Fact]
    public void A_message_too_short_to_tell_is_answered_in_the_language_the_person_has_been_writing_in()
    {
        IReadOnlyList<AgentMessage> english =
        [
            new(MessageRole.User, "Our travel budget is 12,000 euros"),
            new(MessageRole.Agent, "Noted."),
            new(MessageRole.User, "How much did we spend on hotels last quarter?"),
            new(MessageRole.Agent, "Let me see."),
        ];
        IReadOnlyList<AgentMessage> spanish = [new(MessageRole.User, "Nuestro presupuesto de viajes es de 12.000 euros"), new(MessageRole.Agent, "Anotado.")];

        Assert.Contains("Turn 3 · earlier you told me:", SimulatedAnswer.For(new SimulatorPrompt(Cfo, "OK", english)));
        Assert.Contains("Turno 2 · antes me dijiste:", SimulatedAnswer.For(new SimulatorPrompt(Cfo, "OK", spanish)));
        Assert.Equal(ReplyLanguage.Spanish, ReplyLanguage.Of("OK"));
    }

    [Fact]
    public void Without_a_history_the_simulator_answers_as_it_did_before_conversations()
    {
        var alone = SimulatedAnswer.For(new SimulatorPrompt(Cfo, "Prepara la previsión de caja"));

        Assert.DoesNotContain("Turno", alone);
    }

    [Fact]
    public void Approvers_approve_the_history_too_and_a_payload_without_one_hashes_as_before()
    {
        IReadOnlyList<AgentMessage> history = [new(MessageRole.User, "Hola"), new(MessageRole.Agent, "Hola, Ana")];
        IReadOnlyList<AgentMessage> changed = [new(MessageRole.User, "Hola"), new(MessageRole.Agent, "Hola, Bruno")];

        Assert.NotEqual(ApprovalPayload.Hash("neura-3", "Sigue"), ApprovalPayload.Hash("neura-3", "Sigue", history));
        Assert.NotEqual(ApprovalPayload.Hash("neura-3", "Sigue", history), ApprovalPayload.Hash("neura-3", "Sigue", changed));
        Assert.Equal(ApprovalPayload.Hash("neura-3", "Sigue"), ApprovalPayload.Hash("neura-3", "Sigue", []));
    }
}
