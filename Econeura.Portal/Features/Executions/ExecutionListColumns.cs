namespace Econeura.Portal.Features.Executions;

/// <summary>
/// What the executions list filters and sorts by, kept in columns of their own beside the JSON document, under indexes
/// that start with the tenant. A page of one tenant's executions in some order is then one range of an index; its count
/// and the rows skipped before a deep page are read from the index alone (measured by bench/executions-list.sh), and
/// other tenants sharing the table cost nothing. Marten's own per-document switch would move the tenant to the front of
/// every index, including those that the stalled-execution jobs search across tenants.
/// </summary>
public static class ExecutionListColumns
{
    public static void Configure(StoreOptions options) =>
        options.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType != typeof(ExecutionView)) return;
            foreach (var member in new[] { nameof(ExecutionView.RequestedAt), nameof(ExecutionView.RequestedBy), nameof(ExecutionView.RequestedByName),
                         nameof(ExecutionView.AgentId), nameof(ExecutionView.Status), nameof(ExecutionView.CostEur) })
                mapping.DuplicateField(member);
            // Newest first (and a range of days); one person's own; one status; by agent.
            mapping.AddIndex("tenant_id", "requested_at", "id");
            mapping.AddIndex("tenant_id", "requested_by", "requested_at", "id");
            mapping.AddIndex("tenant_id", "status", "requested_at", "id");
            mapping.AddIndex("tenant_id", "agent_id", "requested_at", "id");
        });
}
