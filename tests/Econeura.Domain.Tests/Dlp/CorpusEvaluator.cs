using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Econeura.Domain.Dlp;

namespace Econeura.Domain.Tests.Dlp;

public sealed record CorpusEntity(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("start")] int Start,
    [property: JsonPropertyName("length")] int Length,
    [property: JsonPropertyName("value")] string? Value);

public sealed record CorpusDoc(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("lang")] string Lang,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("entities")] List<CorpusEntity> Entities);

public sealed class TypeScore
{
    public int Tp;
    public int Fp;
    public int Fn;
    public double Precision => Tp + Fp == 0 ? 1.0 : (double)Tp / (Tp + Fp);
    public double Recall => Tp + Fn == 0 ? 1.0 : (double)Tp / (Tp + Fn);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

public sealed class EvaluationReport
{
    public Dictionary<EntityType, TypeScore> PerType { get; } = EntityTypeExtensions.All.ToDictionary(t => t, _ => new TypeScore());
    public TypeScore Micro { get; } = new();
    public List<string> Errors { get; } = new();
    public int Documents { get; set; }

    public string Format()
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.AppendLine(string.Format(ci, "{0,-12} {1,5} {2,5} {3,5} {4,9} {5,9} {6,9}", "type", "TP", "FP", "FN", "precision", "recall", "F1"));
        foreach (var (type, s) in PerType)
            sb.AppendLine(string.Format(ci, "{0,-12} {1,5} {2,5} {3,5} {4,9:0.000} {5,9:0.000} {6,9:0.000}", type.ToWireName(), s.Tp, s.Fp, s.Fn, s.Precision, s.Recall, s.F1));
        sb.AppendLine(string.Format(ci, "{0,-12} {1,5} {2,5} {3,5} {4,9:0.000} {5,9:0.000} {6,9:0.000}", "MICRO", Micro.Tp, Micro.Fp, Micro.Fn, Micro.Precision, Micro.Recall, Micro.F1));
        return sb.ToString();
    }
}

/// <summary>Strict span evaluation: a prediction is a true positive only if type, start and length all match a label.</summary>
public static class CorpusEvaluator
{
    public static List<CorpusDoc> Load(string path)
    {
        var docs = new List<CorpusDoc>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            docs.Add(JsonSerializer.Deserialize<CorpusDoc>(line) ?? throw new InvalidDataException("bad corpus line"));
        }
        return docs;
    }

    public static string DefaultPath()
    {
        foreach (var candidate in new[] { Path.Combine(AppContext.BaseDirectory, "Dlp", "Corpus", "dlp_corpus.jsonl"), Path.Combine(AppContext.BaseDirectory, "Corpus", "dlp_corpus.jsonl") })
            if (File.Exists(candidate)) return candidate;
        throw new FileNotFoundException("dlp_corpus.jsonl not found next to the binaries");
    }

    public static EvaluationReport Evaluate(IEnumerable<CorpusDoc> docs)
    {
        var report = new EvaluationReport();
        foreach (var doc in docs)
        {
            report.Documents++;
            var predicted = DlpScanner.Scan(doc.Text);
            var gold = new HashSet<(EntityType, int, int)>();
            foreach (var e in doc.Entities)
            {
                if (!EntityTypeExtensions.TryParseWireName(e.Type, out var t)) throw new InvalidDataException("unknown type " + e.Type);
                gold.Add((t, e.Start, e.Length));
            }
            var matched = new HashSet<(EntityType, int, int)>();
            foreach (var f in predicted)
            {
                var key = (f.Type, f.Start, f.Length);
                if (gold.Contains(key))
                {
                    report.PerType[f.Type].Tp++;
                    report.Micro.Tp++;
                    matched.Add(key);
                }
                else
                {
                    report.PerType[f.Type].Fp++;
                    report.Micro.Fp++;
                    report.Errors.Add($"FP {doc.Id} {f.Type} '{Escape(doc.Text.Substring(f.Start, f.Length))}' ctx='{Escape(Ctx(doc.Text, f.Start, f.Length))}'");
                }
            }
            foreach (var g in gold)
            {
                if (matched.Contains(g)) continue;
                report.PerType[g.Item1].Fn++;
                report.Micro.Fn++;
                report.Errors.Add($"FN {doc.Id} {g.Item1} '{Escape(doc.Text.Substring(g.Item2, g.Item3))}' ctx='{Escape(Ctx(doc.Text, g.Item2, g.Item3))}'");
            }
        }
        return report;
    }

    private static string Ctx(string text, int start, int length)
    {
        int s = Math.Max(0, start - 25);
        int e = Math.Min(text.Length, start + length + 25);
        return text[s..e];
    }

    private static string Escape(string s) => s.Replace("\n", "\\n", StringComparison.Ordinal);
}
