using System.Reflection;
using System.Reflection.Emit;
using System.Text;

namespace Econeura.Portal.Tests.Architecture;

/// <summary>
/// Which part of the code uses which, read from the compiled assemblies: a feature is one node whether its types sit in
/// <c>Econeura.Domain.&lt;Feature&gt;</c> or <c>Econeura.Portal.Features.&lt;Feature&gt;</c>, beside the parts every
/// feature may use (<c>Common</c>, <c>Infrastructure</c>, <c>Components</c>, <c>Resources</c>) and the shell that
/// composes them all (<c>Program</c>, <c>Components.Layout</c>). A type uses what it names in its signatures (base type,
/// interfaces, fields, parameters, return types, locals, attributes' types) and in its code (every method called,
/// field read, type created or tested for, read from the IL). Constants and <c>nameof</c> leave no trace in IL.
/// </summary>
public sealed class FeatureGraph
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic |
                                          BindingFlags.Instance | BindingFlags.Static;

    private static readonly OpCode[] OneByte = new OpCode[256];
    private static readonly OpCode[] TwoByte = new OpCode[256];

    static FeatureGraph()
    {
        foreach (var op in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!))
            (op.Size == 1 ? OneByte : TwoByte)[op.Value & 0xFF] = op;
    }

    /// <summary>Each use of one node by another, with the types that make it (<c>ApprovalDesk → ExecutionLauncher</c>).</summary>
    public IReadOnlyDictionary<(string From, string To), SortedSet<string>> Edges { get; }

    private FeatureGraph(IReadOnlyDictionary<(string From, string To), SortedSet<string>> edges) => Edges = edges;

    /// <summary>
    /// The node a namespace belongs to: its feature, or the shared part or shell it is in; null outside Econeura.
    /// </summary>
    public static string? NodeOf(Type type)
    {
        var parts = (type.Namespace ?? "").Split('.');
        return parts switch
        {
            ["Econeura", "Domain", var feature, ..] => feature,
            ["Econeura", "Portal", "Features", var feature, ..] => feature,
            ["Econeura", "Portal", "Components", "Layout", ..] => null,
            ["Econeura", "Portal", "Components"] when Outermost(type).Name is "App" or "Routes" => null,
            ["Econeura", "Portal", var part, ..] => part,
            _ => null,
        };
    }

    public static FeatureGraph Of(params Assembly[] assemblies)
    {
        var edges = new Dictionary<(string, string), SortedSet<string>>();
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            if (NodeOf(type) is not { } from) continue;
            foreach (var used in Uses(type).SelectMany(Named).Distinct())
            {
                if (NodeOf(used) is not { } to || to == from) continue;
                if (!edges.TryGetValue((from, to), out var evidence)) edges[(from, to)] = evidence = new SortedSet<string>(StringComparer.Ordinal);
                evidence.Add($"{Outermost(type).Name} → {Outermost(used).Name}");
            }
        }
        return new FeatureGraph(edges);
    }

    /// <summary>The groups of nodes that reach each other (strongly connected components of more than one node), by Tarjan.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var next = Edges.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order(StringComparer.Ordinal).ToList());
        var nodes = Edges.Keys.SelectMany(e => new[] { e.From, e.To }).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var cycles = new List<IReadOnlyList<string>>();
        foreach (var node in nodes) if (!index.ContainsKey(node)) Visit(node);
        return cycles;

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var to in next.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(to)) { Visit(to); low[node] = Math.Min(low[node], low[to]); }
                else if (stack.Contains(to)) low[node] = Math.Min(low[node], index[to]);
            }
            if (low[node] != index[node]) return;
            var component = new List<string>();
            string member;
            do { member = stack.Pop(); component.Add(member); } while (member != node);
            if (component.Count > 1) cycles.Add([.. component.Order(StringComparer.Ordinal)]);
        }
    }

    /// <summary>Every edge, one line each with its first uses; edges inside <paramref name="cycles"/> come first, marked.</summary>
    public string Describe(IReadOnlyList<IReadOnlyList<string>>? cycles = null)
    {
        var inCycle = (cycles ?? []).SelectMany(c => Edges.Keys.Where(e => c.Contains(e.From) && c.Contains(e.To))).ToHashSet();
        var text = new StringBuilder();
        foreach (var ((from, to), evidence) in Edges.OrderBy(e => !inCycle.Contains(e.Key)).ThenBy(e => e.Key.From, StringComparer.Ordinal)
                     .ThenBy(e => e.Key.To, StringComparer.Ordinal))
            text.AppendLine($"{(inCycle.Contains((from, to)) ? "CYCLE " : "      ")}{from} → {to} ({evidence.Count}): {string.Join(", ", evidence.Take(12))}"
                            + (evidence.Count > 12 ? ", …" : ""));
        return text.ToString();
    }

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;

    /// <summary>A type and the types it is built from: elements of arrays, arguments of generics.</summary>
    private static IEnumerable<Type> Named(Type type)
    {
        if (type.IsGenericParameter) yield break;
        if (type.HasElementType)
        {
            foreach (var element in Named(type.GetElementType()!)) yield return element;
            yield break;
        }
        yield return type;
        if (!type.IsGenericType) yield break;
        foreach (var argument in type.GetGenericArguments().SelectMany(Named)) yield return argument;
    }

    private static IEnumerable<Type> Uses(Type type)
    {
        if (type.BaseType is { } baseType) yield return baseType;
        foreach (var contract in type.GetInterfaces()) yield return contract;
        foreach (var used in Attributes(type.CustomAttributes)) yield return used;
        foreach (var field in type.GetFields(Declared)) yield return field.FieldType;
        foreach (var property in type.GetProperties(Declared))
        {
            yield return property.PropertyType;
            foreach (var used in Attributes(property.CustomAttributes)) yield return used;
        }
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
            foreach (var used in Signature(method).Concat(Body(method))) yield return used;
    }

    /// <summary>Attribute types and the types they are given (<c>[Layout(typeof(SignInLayout))]</c>).</summary>
    private static IEnumerable<Type> Attributes(IEnumerable<CustomAttributeData> attributes) =>
        attributes.SelectMany(a => a.ConstructorArguments.Concat(a.NamedArguments.Select(n => n.TypedValue))
            .Select(v => v.Value).OfType<Type>().Prepend(a.AttributeType));

    private static IEnumerable<Type> Signature(MethodBase method)
    {
        if (method.DeclaringType is { } declaring) yield return declaring;
        if (method is MethodInfo info)
        {
            yield return info.ReturnType;
            if (info.IsGenericMethod) foreach (var argument in info.GetGenericArguments()) yield return argument;
        }
        foreach (var parameter in method.GetParameters()) yield return parameter.ParameterType;
    }

    /// <summary>The locals of a method and every type, method and field its IL refers to.</summary>
    private static IEnumerable<Type> Body(MethodBase method)
    {
        if (method.GetMethodBody() is not { } body) yield break;
        foreach (var local in body.LocalVariables) yield return local.LocalType;
        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType is { IsGenericType: true } generic ? generic.GetGenericArguments() : null;
        var methodArguments = method is MethodInfo { IsGenericMethod: true } ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var op = il[at] == 0xFE ? TwoByte[il[at + 1]] : OneByte[il[at]];
            at += op.Size;
            switch (op.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                    foreach (var used in member switch
                             {
                                 Type used => [used],
                                 FieldInfo field => [field.DeclaringType!, field.FieldType],
                                 MethodBase called => Signature(called),
                                 _ => [],
                             })
                        yield return used;
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                default:
                    at += 4;
                    break;
            }
        }
    }
}
