using System.Linq.Expressions;
using System.Reflection;
using Marten.Schema;

namespace Econeura.Portal.Infrastructure;

/// <summary>
/// A computed index that starts with the tenant: a page of one tenant's documents in some order (newest first) reads one
/// range of it, however many other tenants share the table. Marten's own computed indexes put the tenant last or leave
/// it out, and its per-document switch would move the tenant to the front of every index, including those that jobs
/// search across tenants.
/// </summary>
public sealed class TenantLedIndex : ComputedIndex
{
    private TenantLedIndex(DocumentMapping mapping, MemberInfo[][] members) : base(mapping, members)
    {
    }

    public override string[] Columns => ["tenant_id", .. base.Columns];

    /// <summary>Indexes documents of type <typeparamref name="T"/> by tenant, then by <paramref name="members"/> in that order.</summary>
    public static void Add<T>(StoreOptions options, string name, params Expression<Func<T, object?>>[] members) =>
        options.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType != typeof(T) || mapping.Indexes.Any(index => index.Name == name)) return;
            mapping.Indexes.Add(new TenantLedIndex(mapping, [.. members.Select(member => new[] { MemberOf(member) })]) { Name = name });
        });

    private static MemberInfo MemberOf<T>(Expression<Func<T, object?>> member) =>
        (member.Body is UnaryExpression { Operand: MemberExpression boxed } ? boxed : (MemberExpression)member.Body).Member;
}
