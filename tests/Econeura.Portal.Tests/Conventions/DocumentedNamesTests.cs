using System.Reflection;
using System.Text.RegularExpressions;

namespace Econeura.Portal.Tests.Conventions;

/// <summary>
/// What the documents name in code (`ExecutionStreams`, `DlpScanner.Scan`) exists: a type or member of Econeura, of
/// its tests or of a library it uses, a namespace, or a role or setting the code spells as a constant. A rename that
/// forgets the docs fails here, as a resource key the pages ask for does in <c>ResourceFileTests</c>.
/// </summary>
public sealed partial class DocumentedNamesTests
{
    private static readonly string[] Documents =
        [.. Directory.EnumerateFiles(Path.Combine(Repository.Root, "docs"), "*.md").Order(StringComparer.Ordinal), "README.md", "CONTRIBUTING.md"];

    /// <summary>
    /// Words that look like code names and are not: keys the DLP engine recognises as secrets in what it scans, and a
    /// configuration section no class is named after.
    /// </summary>
    private static readonly HashSet<string> NotCode = ["AccountKey", "SecretAccessKey", "SessionToken", "RateLimits"];

    private static readonly Lazy<CodeNames> Code = new(CodeNames.Load);

    public static TheoryData<string> EveryDocument => [.. Documents.Select(d => Path.GetRelativePath(Repository.Root, Path.Combine(Repository.Root, d)))];

    [Theory]
    [MemberData(nameof(EveryDocument))]
    public void Every_name_a_document_gives_in_code_exists(string document)
    {
        var text = FencedBlock().Replace(File.ReadAllText(Path.Combine(Repository.Root, document)), "");
        var named = InlineCode().Matches(text).Select(m => Normalised(m.Groups[1].Value)).Where(LooksLikeCode).Distinct().ToList();

        var missing = named.Where(name => !NotCode.Contains(name) && !Code.Value.Has(name)).ToList();
        Assert.True(missing.Count == 0, $"{document} names what the code does not have: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_scan_finds_the_names_the_documents_give()
    {
        var architecture = File.ReadAllText(Path.Combine(Repository.Root, "docs", "architecture.md"));
        Assert.Contains("ExecutionRequested", InlineCode().Matches(architecture).Select(m => Normalised(m.Groups[1].Value)).Where(LooksLikeCode));
        Assert.True(Code.Value.Has("ExecutionRequested") && Code.Value.Has("Results.Problem") && Code.Value.Has("Econeura.Admin"));
        Assert.False(Code.Value.Has("ExecutionRequested.NoSuchMember") || Code.Value.Has("NoSuchTypeAnywhere"));
    }

    /// <summary>`LaunchAsync(...)` and `SingleStreamProjection&lt;T&gt;` name LaunchAsync and SingleStreamProjection.</summary>
    private static string Normalised(string code) => GenericArguments().Replace(Arguments().Replace(code.Trim(), ""), "");

    /// <summary>A compound PascalCase word (two humps at least) or dotted PascalCase parts: one word alone is English.</summary>
    private static bool LooksLikeCode(string name) => CompoundName().IsMatch(name) || DottedName().IsMatch(name);

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"`([^`\n]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"\(.*\)$")]
    private static partial Regex Arguments();

    [GeneratedRegex(@"<[^<>]*>")]
    private static partial Regex GenericArguments();

    [GeneratedRegex(@"^[A-Z][a-z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)*$")]
    private static partial Regex CompoundName();

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)+$")]
    private static partial Regex DottedName();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(\w+)")]
    private static partial Regex Declaration();

    /// <summary>Every type, member, namespace and constant value of the product, its tests and the libraries they load.</summary>
    private sealed class CodeNames
    {
        private readonly Dictionary<string, List<Type>> _types = [];
        private readonly HashSet<string> _members = [];
        private readonly HashSet<string> _namespaces = [];
        private readonly HashSet<string> _constants = [];

        public static CodeNames Load()
        {
            var names = new CodeNames();
            foreach (var assembly in WithReferences(typeof(Program).Assembly, typeof(DocumentedNamesTests).Assembly))
            foreach (var type in TypesOf(assembly))
                names.Add(type);
            // The domain tests and the end-to-end tests are not loaded here: their classes are read from their source.
            foreach (var project in new[] { "tests/Econeura.Domain.Tests", "e2e/Econeura.E2E" })
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Repository.Root, project), "*.cs", SearchOption.AllDirectories))
            foreach (Match declaration in Declaration().Matches(File.ReadAllText(file)))
                names._types.TryAdd(declaration.Groups[1].Value, []);
            return names;
        }

        private void Add(Type type)
        {
            var name = type.Name.Split('`')[0];
            (_types.TryGetValue(name, out var same) ? same : _types[name] = []).Add(type);
            for (var ns = type.Namespace; !string.IsNullOrEmpty(ns); ns = ns.LastIndexOf('.') is var dot and > 0 ? ns[..dot] : null)
                _namespaces.Add(ns);
            const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
            foreach (var member in Safely(() => type.GetMembers(Declared)))
            {
                _members.Add(member.Name);
                // Coverage instruments the assemblies with a tracker type whose literal fields carry no value: not ours.
                if (member is FieldInfo { IsLiteral: true } constant && constant.FieldType == typeof(string)
                    && type.Assembly.GetName().Name!.StartsWith("Econeura", StringComparison.Ordinal)
                    && type.Namespace?.StartsWith("Coverlet", StringComparison.Ordinal) != true)
                    _constants.Add((string)constant.GetRawConstantValue()!);
            }
        }

        public bool Has(string name)
        {
            if (_types.ContainsKey(name) || _namespaces.Contains(name) || _constants.Contains(name)) return true;
            var dot = name.LastIndexOf('.');
            if (dot < 0) return _members.Contains(name);
            var (owner, member) = (name[..dot], name[(dot + 1)..]);
            if (_namespaces.Contains(owner)) return _types.ContainsKey(member);
            var ownerName = owner[(owner.LastIndexOf('.') + 1)..];
            return _types.TryGetValue(ownerName, out var types) && types.Any(t => HasMember(t, member));
        }

        private static bool HasMember(Type type, string member) =>
            Safely(() => type.GetMember(member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.FlattenHierarchy)).Length > 0;

        private static IEnumerable<Assembly> WithReferences(params Assembly[] roots)
        {
            var seen = new Dictionary<string, Assembly>();
            var pending = new Queue<Assembly>(roots);
            while (pending.TryDequeue(out var assembly))
            {
                if (!seen.TryAdd(assembly.GetName().Name!, assembly)) continue;
                foreach (var reference in assembly.GetReferencedAssemblies())
                {
                    if (seen.ContainsKey(reference.Name!)) continue;
                    try
                    {
                        pending.Enqueue(Assembly.Load(reference));
                    }
                    catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
                    {
                        // A reference the runtime cannot resolve here (a design-time or optional one) names nothing the docs use.
                    }
                }
            }
            return seen.Values;
        }

        private static IEnumerable<Type> TypesOf(Assembly assembly)
        {
            try
            {
                return assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                return e.Types.OfType<Type>();
            }
        }

        private static MemberInfo[] Safely(Func<MemberInfo[]> members)
        {
            try
            {
                return members();
            }
            catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException)
            {
                return [];
            }
        }
    }
}
