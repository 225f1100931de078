using Econeura.Domain.Common;
using Econeura.Domain.Agents;
using Econeura.Domain.Approvals;
using Econeura.Domain.Dlp;
using Econeura.Domain.Executions;
using Econeura.Domain.FinOps;

namespace Econeura.Domain.Tests.Executions;

/// <summary>Given events, when a command, then events: the execution life cycle without a database.</summary>
public sealed class ExecutionDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0193a1b2-0000-7000-8000-000000000001");

    private static readonly AgentDefinition Cfo = new()
    {
        Id = "neura-3", Name = "NEURA CFO", Department = "cfo", Description = "Finance", IsLead = true,
    };

    private static readonly Charge Tokens = new(new PriceRule("simulator", PriceKind.Tokens, 0.0005m, 0.0015m, 0m, new DateOnly(2026, 1, 1)), new DateOnly(2026, 11, 25));

    private static readonly Guid ApprovalId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000a1");

    /// <summary>A finance user launching the finance agent: low risk unless DLP or the input says otherwise.</summary>
    private static Screening Screen(string input, DlpPolicy policy, DlpResult? screened = null)
    {
        var dlp = screened ?? DlpEngine.Process(input, policy, RedactionOperator.Replace);
        var risk = RiskAssessor.Assess(
            new RiskInput(RiskLevel.Low, "cfo", dlp.Decision, dlp.Scan.Findings, 0.0002m, [], new HashSet<string> { "Econeura.Finance" }),
            RiskPolicy.Default);
        return new Screening(dlp, risk, 0.0002m);
    }

    private static RequestedExecution Request(string input, DlpPolicy policy, DlpResult? screened = null) =>
        ExecutionDecisions.Request(Cfo, new RequestExecution(Id, "tenant-a", "user-1", "Ana", input, "corr-1", ApprovalId), Screen(input, policy, screened), Now);

    private static IReadOnlyList<object> Launch(string input, DlpPolicy policy, DlpResult? screened = null) => Request(input, policy, screened).ExecutionEvents;

    private static ExecutionRequested Requested() => (ExecutionRequested)Launch("  Resume el trimestre  ", DlpPolicy.Default).Single();

    private static Execution Given(params object[] events) => Execution.Fold(events);

    [Fact]
    public void Request_records_the_agent_the_requester_and_the_trimmed_input()
    {
        var requested = Requested();

        Assert.Equal(
            new ExecutionRequested(Id, "tenant-a", "neura-3", "NEURA CFO", "cfo", "user-1", "Ana", "Resume el trimestre", requested.DlpFindings, "corr-1", Now,
                RiskLevel.Low, requested.RiskReasons, 0.0002m, requested.Placeholders),
            requested);
        Assert.Empty(requested.DlpFindings);
    }

    [Fact]
    public void Request_records_the_redacted_input_and_where_the_findings_were_never_their_values()
    {
        var events = Launch("Escribe a ana.garcia@contoso.es o al 612 345 678", DlpPolicy.Default);

        var requested = Assert.IsType<ExecutionRequested>(Assert.Single(events));
        Assert.Equal("Escribe a <EMAIL_1> o al <PHONE_1>", requested.RedactedInput);
        Assert.Equal([EntityType.EMAIL, EntityType.PHONE], requested.DlpFindings.Select(f => f.Type));
        Assert.Equal(10, requested.DlpFindings[0].Start);
        Assert.DoesNotContain("contoso", System.Text.Json.JsonSerializer.Serialize(events[0]));
    }

    [Fact]
    public void A_policy_that_blocks_a_finding_closes_the_execution_with_the_reason()
    {
        var events = Launch("Usa la clave AKIAJQ7Y3ZPLX5WTRM2K para subirlo",
            new DlpPolicy(DlpAction.Redact, new Dictionary<EntityType, DlpAction> { [EntityType.SECRET] = DlpAction.Block }));

        var blocked = Assert.IsType<ExecutionBlocked>(events[1]);
        Assert.Equal(new PolicyReason(PolicyReasonCode.EntityDetected, EntityType.SECRET, 1, DlpAction.Block), Assert.Single(blocked.Reasons));
        Assert.Equal(ExecutionStatus.Blocked, Execution.Fold(events).Status);
        Assert.Empty(ExecutionDecisions.Dispatch(Execution.Fold(events), "job", Now));
    }

    [Fact]
    public void A_policy_that_wants_approval_holds_the_execution_undispatched()
    {
        var events = Launch("IBAN ES9121000418450200051332 para el pago", new DlpPolicy(DlpAction.Redact).With(EntityType.IBAN, DlpAction.RequireApproval));

        Assert.IsType<ApprovalRequired>(events[1]);
        Assert.Equal("IBAN <IBAN_1> para el pago", ((ExecutionRequested)events[0]).RedactedInput);
        Assert.Equal(ExecutionStatus.AwaitingApproval, Execution.Fold(events).Status);
        Assert.Empty(ExecutionDecisions.Dispatch(Execution.Fold(events), "job", Now));
    }

    [Fact]
    public void A_scan_over_its_budget_blocks_and_records_no_input_at_all()
    {
        var overBudget = ScanOutcome.Failed(ScanFailure.OverBudget, 0, "scan over budget");
        var events = Launch("Mi DNI es 12345678Z", DlpPolicy.Default, screened: new DlpResult(overBudget, DlpPolicy.Default.Evaluate(overBudget), null));

        Assert.Equal("", ((ExecutionRequested)events[0]).RedactedInput);
        var blocked = Assert.IsType<ExecutionBlocked>(events[1]);
        Assert.Contains(blocked.Reasons, r => r.Code == PolicyReasonCode.ScanOverBudget);
    }

    [Theory]
    [InlineData("", LaunchError.EmptyInput)]
    [InlineData("   \n ", LaunchError.EmptyInput)]
    [InlineData(null, LaunchError.EmptyInput)]
    public void Validate_refuses_blank_input(string? input, LaunchError expected) =>
        Assert.Equal([expected], ExecutionDecisions.Validate(Cfo, input));

    // Characters, not strings: an attribute stores its strings as UTF-8, where a lone surrogate cannot survive.
    [Theory]
    [InlineData('\0')]
    [InlineData('\ud800')]
    [InlineData('\udc00')]
    public void Validate_refuses_text_the_database_cannot_keep(char unstorable)
    {
        Assert.Equal([LaunchError.InvalidCharacters], ExecutionDecisions.Validate(Cfo, $"before {unstorable} after"));
        Assert.Equal([LaunchError.InvalidCharacters], ExecutionDecisions.Validate(Cfo, $"at the very end {unstorable}"));
    }

    [Theory]
    [InlineData("emoji 😀 and ñ")]
    [InlineData("tab\tand\nnewline")]
    public void Validate_accepts_any_text_that_round_trips_through_utf8(string input) =>
        Assert.Empty(ExecutionDecisions.Validate(Cfo, input));

    [Fact]
    public void Validate_refuses_input_over_the_limit_and_accepts_it_at_the_limit()
    {
        Assert.Equal([LaunchError.InputTooLong], ExecutionDecisions.Validate(Cfo, new string('a', ExecutionDecisions.MaxInputLength + 1)));
        Assert.Empty(ExecutionDecisions.Validate(Cfo, new string('a', ExecutionDecisions.MaxInputLength)));
    }

    [Fact]
    public void Validate_reports_every_problem_at_once()
    {
        Assert.Equal([LaunchError.UnknownAgent, LaunchError.EmptyInput], ExecutionDecisions.Validate(null, ""));
        Assert.Equal([LaunchError.AgentDisabled], ExecutionDecisions.Validate(Cfo with { Enabled = false }, "hola"));
    }

    [Fact]
    public void Request_throws_when_the_launch_is_invalid()
    {
        var rejected = Assert.Throws<LaunchRejectedException>(() => Launch(" ", DlpPolicy.Default));
        Assert.Equal([LaunchError.EmptyInput], rejected.Errors);
    }

    [Fact]
    public void Dispatch_of_a_requested_execution_is_its_first_attempt()
    {
        var events = ExecutionDecisions.Dispatch(Given(Requested()), "job-1", Now);

        Assert.Equal([new ExecutionDispatched(Id, 1, "job-1", Now)], events);
    }

    [Fact]
    public void Reply_to_a_dispatched_execution_completes_it_with_the_cost_of_its_tokens()
    {
        var state = Given(Requested(), new ExecutionDispatched(Id, 1, "job-1", Now));

        var events = ExecutionDecisions.RecordReply(state, new AgentReply("ok", 2_000, 1_000, 840), Tokens, Now);

        Assert.Equal(
            [
                new AgentResponded(Id, 1, "ok", 2_000, 1_000, 840, Now),
                new CostRecorded(Id, 1, "neura-3", "cfo", "user-1", "Ana", "simulator", 2_000, 1_000, 0.0025m, new DateOnly(2026, 1, 1), new DateOnly(2026, 11, 25), Now),
                new ExecutionCompleted(Id, 0.0025m, Now),
            ],
            events);
    }

    [Fact]
    public void Personal_data_the_agent_writes_is_recorded_as_placeholders_numbered_after_those_of_the_input()
    {
        var asked = Requested() with { RedactedInput = "Compara <ES_DNI_1> con el de su socio" };
        var state = Given(asked, new ExecutionDispatched(Id, 1, "job-1", Now));

        var answered = ExecutionDecisions.RecordReply(state, new AgentReply("<ES_DNI_1> y 87654321X; IBAN ES91 2100 0418 4502 0005 1332",
            2_000, 1_000, 840), Tokens, Now);
        var stopped = ExecutionDecisions.RecordStop(state, new AgentReply("Llame al 612 345 678 o", 2_000, 400, 300), Tokens, "Ana", Now);

        Assert.Equal("<ES_DNI_1> y <ES_DNI_2>; IBAN <IBAN_1>", Assert.Single(answered.OfType<AgentResponded>()).Output);
        Assert.Equal("Llame al <PHONE_1> o", Assert.Single(stopped.OfType<AnswerStopped>()).PartialOutput);
    }

    [Fact]
    public void A_reply_with_cached_and_reasoning_tokens_records_them_and_charges_each_kind_at_its_price()
    {
        var state = Given(Requested(), new ExecutionDispatched(Id, 1, "job-1", Now));
        var price = new PriceRule("o3-mini", PriceKind.Tokens, 0.0011m, 0.0044m, 0m, new DateOnly(2026, 1, 1), CachedInputPer1K: 0.00055m, ReasoningPer1K: 0.0044m);

        var events = ExecutionDecisions.RecordReply(state, new AgentReply("ok", 2_000, 1_000, 840, CachedInputTokens: 1_024, ReasoningTokens: 768),
            new Charge(price, new DateOnly(2026, 11, 25)), Now);

        // 976 × 0.0011 + 1,024 × 0.00055 + 1,000 × 0.0044 = 1.0736 + 0.5632 + 4.4 = 6.0368 per thousand.
        var cost = Assert.Single(events.OfType<CostRecorded>());
        Assert.Equal((2_000, 1_024, 1_000, 768, 0.0060368m), (cost.InputTokens, cost.CachedInputTokens, cost.OutputTokens, cost.ReasoningTokens, cost.CostEur));
        Assert.Equal(0.0060368m, Assert.Single(events.OfType<ExecutionCompleted>()).CostEur);
    }

    [Fact]
    public void A_stopped_call_keeps_its_partial_answer_is_charged_for_its_tokens_and_ends_the_run()
    {
        var state = Given(Requested(), new ExecutionDispatched(Id, 1, "job-1", Now));

        var events = ExecutionDecisions.RecordStop(state, new AgentReply("Primer pun", 2_000, 400, 300), Tokens, "Ana", Now);

        Assert.Equal(
            [
                new AnswerStopped(Id, 1, "Primer pun", 2_000, 400, 300, "Ana", Now),
                new CostRecorded(Id, 1, "neura-3", "cfo", "user-1", "Ana", "simulator", 2_000, 400, 0.0016m, new DateOnly(2026, 1, 1), new DateOnly(2026, 11, 25), Now),
            ],
            events);
        var stopped = state.After(events);
        Assert.Equal((ExecutionStatus.Stopped, true, 0.0016m), (stopped.Status, stopped.IsFinished, stopped.CostEur));
        // A reply that arrives after the stop, or a second stop, changes nothing.
        Assert.Empty(ExecutionDecisions.RecordReply(stopped, new AgentReply("late", 1, 1, 1), Tokens, Now));
        Assert.Empty(ExecutionDecisions.RecordStop(stopped, new AgentReply("again", 1, 1, 1), Tokens, "Ana", Now));
    }

    [Fact]
    public void A_completed_execution_is_neither_dispatched_nor_completed_again()
    {
        var state = Given(Requested(), new ExecutionDispatched(Id, 1, "job-1", Now),
            new AgentResponded(Id, 1, "ok", 1, 1, 1, Now), new ExecutionCompleted(Id, 0.0001m, Now));

        Assert.Equal(ExecutionStatus.Completed, state.Status);
        Assert.Empty(ExecutionDecisions.Dispatch(state, "job-2", Now));
        Assert.Empty(ExecutionDecisions.RecordReply(state, new AgentReply("again", 1, 1, 1), Tokens, Now));
        Assert.Empty(ExecutionDecisions.RecordFailure(state, "late", Tokens, 1, Now));
    }

    [Fact]
    public void A_failed_attempt_is_retried_until_the_last_which_fails_the_execution()
    {
        var state = Given(Requested(), new ExecutionDispatched(Id, 1, "job", Now));
        Assert.Equal([new DispatchFailed(Id, 1, "boom", WillRetry: true, Now)], ExecutionDecisions.RecordFailure(state, "boom", null, 0, Now));

        var last = Given(Requested(),
            new ExecutionDispatched(Id, 1, "job", Now), new DispatchFailed(Id, 1, "boom", true, Now),
            new ExecutionDispatched(Id, 2, "job", Now), new DispatchFailed(Id, 2, "boom", true, Now),
            new ExecutionDispatched(Id, 3, "job", Now));
        var events = ExecutionDecisions.RecordFailure(last, "boom", null, 0, Now);

        Assert.Equal(new DispatchFailed(Id, 3, "boom", WillRetry: false, Now), events[0]);
        var failed = Assert.IsType<ExecutionFailed>(events[1]);
        Assert.Contains("3 times", failed.Reason);
        Assert.Equal((FailureCause.AgentFailed, 3, "boom"), (failed.Cause, failed.Tries, failed.LastError));
        Assert.Equal(ExecutionStatus.Failed, events.Aggregate(last, (current, e) => Execution.Evolve(current, e)).Status);
    }

    [Fact]
    public void A_worker_lost_during_the_last_attempt_does_not_use_it_up_the_same_attempt_is_made_again()
    {
        var state = Given(Requested(),
            new ExecutionDispatched(Id, 1, "job", Now), new DispatchFailed(Id, 1, "boom", true, Now),
            new ExecutionDispatched(Id, 2, "job", Now), new DispatchFailed(Id, 2, "boom", true, Now),
            new ExecutionDispatched(Id, 3, "job", Now));

        var events = ExecutionDecisions.Dispatch(state, "job", Now.AddMinutes(1));

        Assert.Equal([new AgentCallUnconfirmed(Id, 3, Now.AddMinutes(1)), new ExecutionDispatched(Id, 3, "job", Now.AddMinutes(1))], events);
    }

    [Fact]
    public void Calls_that_keep_ending_without_an_outcome_close_the_execution_after_as_many_tries_as_attempts()
    {
        var state = Given(Requested(), new ExecutionDispatched(Id, 1, "job", Now),
            new AgentCallUnconfirmed(Id, 1, Now), new ExecutionDispatched(Id, 1, "job", Now),
            new AgentCallUnconfirmed(Id, 1, Now), new ExecutionDispatched(Id, 1, "job", Now),
            new AgentCallUnconfirmed(Id, 1, Now), new ExecutionDispatched(Id, 1, "job", Now));

        var events = ExecutionDecisions.Dispatch(state, "job", Now.AddMinutes(1));

        var noOutcome = Assert.IsType<ExecutionFailed>(Assert.Single(events));
        Assert.Contains("4 tries", noOutcome.Reason);
        Assert.Equal((FailureCause.NoOutcome, 4), (noOutcome.Cause, noOutcome.Tries));
    }

    [Fact]
    public void A_stream_must_start_with_the_request() =>
        Assert.Throws<InvalidOperationException>(() => Execution.Fold([new ExecutionDispatched(Id, 1, "job", Now)]));

    [Fact]
    public void A_call_that_reached_the_agent_and_failed_is_charged_for_its_input_and_counts_in_the_execution_total()
    {
        var last = Given(Requested(),
            new ExecutionDispatched(Id, 1, "job", Now), new DispatchFailed(Id, 1, "boom", true, Now),
            new CostRecorded(Id, 1, "neura-3", "cfo", "user-1", "Ana", "simulator", 400, 0, 0.0002m, new DateOnly(2026, 1, 1), new DateOnly(2026, 11, 25), Now),
            new ExecutionDispatched(Id, 2, "job", Now), new DispatchFailed(Id, 2, "boom", true, Now),
            new ExecutionDispatched(Id, 3, "job", Now));

        var events = ExecutionDecisions.RecordFailure(last, "boom", Tokens, 400, Now);

        Assert.Equal(0.0002m, Assert.IsType<CostRecorded>(events[1]).CostEur);
        Assert.Equal(0.0004m, last.After(events).CostEur);
    }

    [Fact]
    public void A_run_whose_turn_comes_when_a_blocking_budget_holds_more_than_its_limit_fails_naming_it_and_is_never_dispatched()
    {
        BudgetStanding[] budgets = [new("tenant", 40m, 100m, false), new("cfo", 9m, 10m, false, ReservedEur: 1.5m)];

        var events = ExecutionDecisions.StopBeforeDispatch(Given(Requested()), true, budgets, Now);

        var failed = Assert.IsType<ExecutionFailed>(Assert.Single(events));
        Assert.Equal((FailureCause.BudgetExhausted, "cfo"), (failed.Cause, failed.BudgetScope));
        Assert.Equal(ExecutionStatus.Failed, Given(Requested()).After(events).Status);
    }

    [Theory]
    [InlineData(true, 20, false)]  // a budget that asks for approval stops nothing: the run was approved or screened with the room it had
    [InlineData(false, 10, false)] // exactly at the limit, its own reservation included: there was room for it
    [InlineData(false, 20, true)]
    public void Only_a_blocking_budget_past_its_limit_stops_a_run(bool asksForApproval, int committed, bool stops) =>
        Assert.Equal(stops, ExecutionDecisions.StopBeforeDispatch(Given(Requested()), true, [new BudgetStanding("cfo", 0m, 10m, asksForApproval, ReservedEur: committed)], Now).Count > 0);

    [Fact]
    public void A_call_already_under_way_is_not_stopped_by_the_budget_or_an_offboarding() =>
        Assert.Empty(ExecutionDecisions.StopBeforeDispatch(Given(Requested(), new ExecutionDispatched(Id, 1, "job", Now)), false, [new BudgetStanding("cfo", 50m, 10m, false)], Now));

    [Fact]
    public void A_run_whose_agent_was_switched_off_while_it_waited_is_not_dispatched() =>
        Assert.Equal(FailureCause.AgentUnavailable,
            Assert.IsType<ExecutionFailed>(Assert.Single(ExecutionDecisions.StopBeforeDispatch(Given(Requested()), true, [], Now, agentAvailable: false))).Cause);

    [Fact]
    public void A_run_whose_input_holds_data_the_dlp_policy_now_blocks_is_not_dispatched_and_the_reason_names_the_kinds()
    {
        var failed = Assert.IsType<ExecutionFailed>(Assert.Single(ExecutionDecisions.StopBeforeDispatch(Given(Requested()), true, [], Now,
            kindsNowBlocked: ["IBAN", "EMAIL"])));

        Assert.Equal(FailureCause.DlpPolicyChanged, failed.Cause);
        Assert.Contains("EMAIL, IBAN", failed.Reason);
        Assert.Empty(ExecutionDecisions.StopBeforeDispatch(Given(Requested()), true, [], Now, kindsNowBlocked: []));
    }

    [Fact]
    public void A_run_of_an_offboarded_organisation_is_never_dispatched() =>
        Assert.Equal(FailureCause.OrganisationOffboarded,
            Assert.IsType<ExecutionFailed>(Assert.Single(ExecutionDecisions.StopBeforeDispatch(Given(Requested()), false, [], Now))).Cause);
}

public sealed class DispatchLeaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0193a1b2-0000-7000-8000-000000000002");

    private static Execution InFlightSince(DateTimeOffset at, string jobId) => Execution.Fold([
        new ExecutionRequested(Id, "t", "neura-1", "NEURA Analytics", "analytics", "u", "U", "hola", [], "c", at),
        new ExecutionDispatched(Id, 1, jobId, at),
    ]);

    [Fact]
    public void Another_job_leaves_a_live_dispatch_alone() =>
        Assert.Empty(ExecutionDecisions.Dispatch(InFlightSince(Now, "job-1"), "job-2", Now.AddMinutes(1)));

    [Fact]
    public void The_same_job_run_again_without_an_outcome_records_it_unconfirmed_and_makes_the_same_attempt_again() =>
        Assert.Equal([new AgentCallUnconfirmed(Id, 1, Now.AddMinutes(1)), new ExecutionDispatched(Id, 1, "job-1", Now.AddMinutes(1))],
            ExecutionDecisions.Dispatch(InFlightSince(Now, "job-1"), "job-1", Now.AddMinutes(1)));

    [Fact]
    public void Another_job_takes_over_once_the_lease_has_run_out() =>
        Assert.Equal([new ExecutionDispatched(Id, 2, "job-2", Now + ExecutionDecisions.DispatchLease)],
            ExecutionDecisions.Dispatch(InFlightSince(Now, "job-1"), "job-2", Now + ExecutionDecisions.DispatchLease));

    private static Execution HeldBy(string node, int attempt) => Execution.Fold([
        new ExecutionRequested(Id, "t", "neura-1", "NEURA Analytics", "analytics", "u", "U", "hola", [], "c", Now),
        new ExecutionDispatched(Id, attempt, "job-1", Now, node),
    ]);

    [Fact]
    public void A_dispatch_held_by_a_live_process_is_left_alone_until_its_lease_runs_out()
    {
        Assert.Empty(ExecutionDecisions.Dispatch(HeldBy("node-a", 1), "job-2", Now.AddMinutes(1), "node-b", isNodeAlive: _ => true));
        Assert.Equal([new ExecutionDispatched(Id, 2, "job-2", Now + ExecutionDecisions.DispatchLease, "node-b")],
            ExecutionDecisions.Dispatch(HeldBy("node-a", 1), "job-2", Now + ExecutionDecisions.DispatchLease, "node-b", isNodeAlive: _ => true));
    }

    [Fact]
    public void A_dispatch_whose_process_stopped_is_resumed_at_once_as_the_same_attempt_even_the_last_one() =>
        Assert.Equal([new ExecutionDispatched(Id, ExecutionDecisions.MaxAttempts, "job-2", Now.AddSeconds(20), "node-b", AfterNodeLoss: true)],
            ExecutionDecisions.Dispatch(HeldBy("node-a", ExecutionDecisions.MaxAttempts), "job-2", Now.AddSeconds(20), "node-b",
                isNodeAlive: node => node != "node-a"));
}

public sealed class RetryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0193a1b2-0000-7000-8000-000000000003");

    private static readonly Execution Failed = Execution.Fold([
        new ExecutionRequested(Id, "t", "neura-1", "NEURA Analytics", "analytics", "u", "U", "hola", [], "c", Now),
        new ExecutionDispatched(Id, 1, "job", Now), new DispatchFailed(Id, 1, "503", true, Now),
        new ExecutionDispatched(Id, 2, "job", Now), new DispatchFailed(Id, 2, "503", true, Now),
        new ExecutionDispatched(Id, 3, "job", Now), new DispatchFailed(Id, 3, "503", false, Now),
        new ExecutionFailed(Id, "The agent failed 3 times", Now),
    ]);

    private static readonly BudgetStanding SpentAndBlocking = new("analytics", 10m, 10m, AtLimitNeedsApproval: false);
    private static readonly BudgetStanding SpentButApproving = new("analytics", 10m, 10m, AtLimitNeedsApproval: true);

    [Fact]
    public void A_failed_execution_is_retried_and_then_gets_a_full_new_round_of_attempts()
    {
        var retried = Assert.IsType<RetryDecision.Retried>(ExecutionDecisions.Retry(Failed, "Diego", [], Now));
        var waiting = Failed.After([retried.Event]);

        Assert.Equal(ExecutionStatus.Requested, waiting.Status);
        Assert.Equal([new ExecutionDispatched(Id, 4, "job-r", Now)], ExecutionDecisions.Dispatch(waiting, "job-r", Now));
        var fourth = waiting.After([new ExecutionDispatched(Id, 4, "job-r", Now)]);
        Assert.True(Assert.IsType<DispatchFailed>(ExecutionDecisions.RecordFailure(fourth, "503", null, 0, Now)[0]).WillRetry);
    }

    [Fact]
    public void Only_a_failed_execution_is_retried()
    {
        var requested = Execution.Fold([new ExecutionRequested(Id, "t", "neura-1", "NEURA Analytics", "analytics", "u", "U", "hola", [], "c", Now)]);

        Assert.Equal(RetryRefusal.NotFailed, Assert.IsType<RetryDecision.Refused>(ExecutionDecisions.Retry(requested, "Diego", [], Now)).Why);
    }

    [Fact]
    public void A_spent_budget_that_stops_new_spending_stops_a_retry_but_one_that_asks_for_approval_does_not()
    {
        Assert.Equal(RetryRefusal.BudgetExhausted,
            Assert.IsType<RetryDecision.Refused>(ExecutionDecisions.Retry(Failed, "Diego", [SpentAndBlocking], Now)).Why);
        Assert.IsType<RetryDecision.Retried>(ExecutionDecisions.Retry(Failed, "Diego", [SpentButApproving], Now));
    }

    [Fact]
    public void A_requester_retries_their_run_when_the_agent_failed_under_the_same_budget_rule_and_never_an_input_that_was_not_approved()
    {
        var agentFailed = Failed.After([new ExecutionRetried(Id, "Diego", Now), new ExecutionDispatched(Id, 4, "job", Now),
            new ExecutionFailed(Id, "The agent failed 3 times", Now, FailureCause.AgentFailed, 3, "503")]);
        var changed = Failed.After([new ExecutionRetried(Id, "Diego", Now), new ExecutionFailed(Id, "Changed", Now, FailureCause.InputChangedAfterApproval)]);

        Assert.IsType<RetryDecision.Retried>(ExecutionDecisions.Retry(agentFailed, "U", [], Now, byRequester: true));
        Assert.Equal(RetryRefusal.BudgetExhausted,
            Assert.IsType<RetryDecision.Refused>(ExecutionDecisions.Retry(agentFailed, "U", [SpentAndBlocking], Now, byRequester: true)).Why);
        Assert.Equal(RetryRefusal.BudgetExhausted,
            Assert.IsType<RetryDecision.Refused>(ExecutionDecisions.Retry(agentFailed, "U", [SpentButApproving], Now, byRequester: true)).Why);
        Assert.Equal(RetryRefusal.NotForRequester,
            Assert.IsType<RetryDecision.Refused>(ExecutionDecisions.Retry(changed, "U", [], Now, byRequester: true)).Why);
        // A failure recorded before causes were is an admin's to look at.
        Assert.Equal(RetryRefusal.NotForRequester, Assert.IsType<RetryDecision.Refused>(ExecutionDecisions.Retry(Failed, "U", [], Now, byRequester: true)).Why);
        Assert.IsType<RetryDecision.Retried>(ExecutionDecisions.Retry(changed, "Diego", [], Now));
    }
}

/// <summary>A call whose reply was lost is charged once, at its bound, whether it is made again or given up on.</summary>
public sealed class LostCallTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0193a1b2-0000-7000-8000-000000000004");
    private static readonly PriceRule Price = new("gpt-4o", PriceKind.Tokens, 0.0023m, 0.0092m, 0m, new DateOnly(2026, 1, 1));
    private static readonly ChargeAtBound AtBound = new(new Charge(Price, new DateOnly(2026, 11, 25)), new TokenUsage(40, 500));

    private static Execution Dispatched(int attempt, string jobId = "job-1", string? node = null) => Execution.Fold([
        new ExecutionRequested(Id, "t", "neura-1", "NEURA Analytics", "analytics", "u", "U", "hola", [], "c", Now),
        new ExecutionDispatched(Id, attempt, jobId, Now, node),
    ]);

    private static CostRecorded Unconfirmed(int attempt, DateTimeOffset at) =>
        new(Id, attempt, "neura-1", "analytics", "u", "U", "gpt-4o", 40, 500, (40 * 0.0023m + 500 * 0.0092m) / 1000m, Price.EffectiveFrom,
            new DateOnly(2026, 11, 25), at, Unconfirmed: true);

    [Fact]
    public void The_same_job_run_again_charges_the_lost_call_at_its_bound_before_making_it_again() =>
        Assert.Equal([Unconfirmed(1, Now.AddMinutes(1)), new AgentCallUnconfirmed(Id, 1, Now.AddMinutes(1)), new ExecutionDispatched(Id, 1, "job-1", Now.AddMinutes(1))],
            ExecutionDecisions.Dispatch(Dispatched(1), "job-1", Now.AddMinutes(1), lostCall: AtBound));

    [Fact]
    public void A_call_whose_process_stopped_is_charged_when_another_resumes_it() =>
        Assert.Equal([Unconfirmed(2, Now.AddSeconds(20)), new ExecutionDispatched(Id, 2, "job-2", Now.AddSeconds(20), "node-b", AfterNodeLoss: true)],
            ExecutionDecisions.Dispatch(Dispatched(2, node: "node-a"), "job-2", Now.AddSeconds(20), "node-b", node => node != "node-a", AtBound));

    [Fact]
    public void A_call_whose_lease_ran_out_is_charged_when_the_next_attempt_is_made_or_the_run_is_closed()
    {
        var later = Now + ExecutionDecisions.DispatchLease;
        Assert.Equal([Unconfirmed(1, later), new ExecutionDispatched(Id, 2, "job-2", later)],
            ExecutionDecisions.Dispatch(Dispatched(1), "job-2", later, lostCall: AtBound));
        var closed = ExecutionDecisions.Dispatch(Dispatched(ExecutionDecisions.MaxAttempts), "job-2", later, lostCall: AtBound);
        Assert.Equal(Unconfirmed(ExecutionDecisions.MaxAttempts, later), closed[0]);
        Assert.Equal(FailureCause.NoAttemptsLeft, Assert.IsType<ExecutionFailed>(closed[1]).Cause);
    }

    [Fact]
    public void Nothing_is_charged_for_a_call_left_alone_or_one_never_made()
    {
        Assert.Empty(ExecutionDecisions.Dispatch(Dispatched(1), "job-2", Now.AddMinutes(1), lostCall: AtBound));
        var requested = Execution.Fold([new ExecutionRequested(Id, "t", "neura-1", "NEURA Analytics", "analytics", "u", "U", "hola", [], "c", Now)]);
        Assert.Equal([new ExecutionDispatched(Id, 1, "job-1", Now)], ExecutionDecisions.Dispatch(requested, "job-1", Now, lostCall: AtBound));
    }

    [Fact]
    public void The_run_completes_with_the_lost_call_and_the_answered_one_each_charged_once()
    {
        var redispatched = Dispatched(1).After(ExecutionDecisions.Dispatch(Dispatched(1), "job-1", Now.AddMinutes(1), lostCall: AtBound));
        var reply = ExecutionDecisions.RecordReply(redispatched, new AgentReply("ok", 30, 120, 900), AtBound.Charge, Now.AddMinutes(2));

        var answered = Assert.Single(reply.OfType<CostRecorded>());
        Assert.False(answered.Unconfirmed);
        Assert.Equal(Unconfirmed(1, Now).CostEur + answered.CostEur, Assert.IsType<ExecutionCompleted>(reply[^1]).CostEur);
    }
}
