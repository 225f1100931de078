using Econeura.Domain.Dlp;
using PhoneNumbers;
using Xunit.Abstractions;

namespace Econeura.Domain.Tests.Dlp;

public class CorpusTests
{
    private readonly ITestOutputHelper _out;

    public CorpusTests(ITestOutputHelper output) => _out = output;

    private static readonly Lazy<List<CorpusDoc>> Docs = new(() => CorpusEvaluator.Load(CorpusEvaluator.DefaultPath()));

    [Fact]
    public void Corpus_is_large_and_covers_every_type()
    {
        var docs = Docs.Value;
        Assert.True(docs.Count >= 150, $"only {docs.Count} documents");
        var types = docs.SelectMany(d => d.Entities).Select(e => e.Type).ToHashSet();
        foreach (var t in EntityTypeExtensions.All) Assert.Contains(t.ToWireName(), types);
        Assert.Contains(docs, d => d.Lang == "es");
        Assert.Contains(docs, d => d.Lang == "en");
    }

    /// <summary>
    /// The generated corpus, a set written by someone who had not seen the detectors (tools/dlp-corpus/make_independent.py,
    /// the nearest thing here to the unseen corpus the product is judged on), and the round-two documents of issue 13
    /// (tools/dlp-corpus/make_round_two.py: pasted secrets, EU phones and VAT ids, and their look-alikes).
    /// </summary>
    public static TheoryData<string> Corpora => new() { "dlp_corpus.jsonl", "independent.jsonl", "round_two.jsonl" };

    private static List<CorpusDoc> Load(string file) =>
        CorpusEvaluator.Load(Path.Combine(Path.GetDirectoryName(CorpusEvaluator.DefaultPath()) ?? "", file));

    private static readonly string[] PhoneRegions = { "ES", "US", "GB", "FR", "PT", "DE", "IT", "NL", "BE" };

    [Theory]
    [MemberData(nameof(Corpora))]
    public void Corpus_labels_are_consistent_and_valid(string file)
    {
        var util = PhoneNumberUtil.GetInstance();
        foreach (var doc in Load(file))
        {
            foreach (var e in doc.Entities)
            {
                // the independent set labels spans only
                string value = doc.Text.Substring(e.Start, e.Length);
                if (e.Value is not null) Assert.Equal(e.Value, value);
                string compact = new(value.Where(char.IsLetterOrDigit).ToArray());
                switch (e.Type)
                {
                    case "CREDIT_CARD": Assert.True(Checksums.IsValidCard(compact), value); break;
                    case "IBAN": Assert.True(Checksums.IsValidIban(compact), value); break;
                    case "ES_DNI": Assert.True(Checksums.IsValidDni(compact.AsSpan(0, 8), compact[8]), value); break;
                    case "ES_NIE": Assert.True(Checksums.IsValidNie(compact[0], compact.AsSpan(1, 7), compact[8]), value); break;
                    case "ES_CIF": Assert.True(Checksums.IsValidCif(compact[0], compact.AsSpan(1, 7), compact[8]), value); break;
                    case "PHONE":
                        {
                            string v = value.StartsWith("00", StringComparison.Ordinal) ? "+" + value[2..] : value.Replace("(0)", "", StringComparison.Ordinal);
                            bool ok = PhoneRegions.Any(r => util.IsValidNumber(util.Parse(v, r)));
                            // Documented decision (README): Ofcom's fictional drama range +44 7700 900xxx is a phone although
                            // libphonenumber reports it as invalid.
                            string d = new(v.Where(char.IsDigit).ToArray());
                            ok |= (d.Length == 12 && d.StartsWith("447700900", StringComparison.Ordinal)) || (d.Length == 11 && d.StartsWith("07700900", StringComparison.Ordinal));
                            Assert.True(ok, "phone label not valid: " + value);
                            break;
                        }
                }
            }
        }
    }

    /// <summary>A leaked password is the worst miss this product can make: secrets are held to a recall bar of their own.</summary>
    [Theory]
    [MemberData(nameof(Corpora))]
    public void Detectors_meet_quality_bar(string file)
    {
        var report = CorpusEvaluator.Evaluate(Load(file));
        _out.WriteLine(report.Format());
        foreach (var e in report.Errors) _out.WriteLine(e);
        Assert.True(report.Micro.F1 >= 0.95, $"micro F1 {report.Micro.F1:0.000}\n{report.Format()}");
        Assert.True(report.Micro.Precision >= 0.97, $"micro precision {report.Micro.Precision:0.000}\n{report.Format()}");
        Assert.True(report.PerType[EntityType.SECRET].Recall >= 0.95, $"secret recall {report.PerType[EntityType.SECRET].Recall:0.000}\n{report.Format()}");
    }

    [Fact]
    public void Round_two_covers_every_class_of_issue_13_in_both_languages()
    {
        var docs = Load("round_two.jsonl");
        Assert.True(docs.Count >= 50, $"only {docs.Count} documents");
        foreach (var lang in new[] { "es", "en" })
            foreach (var type in new[] { "SECRET", "PHONE", "ES_CIF" })
                Assert.Contains(docs, d => d.Lang == lang && d.Entities.Any(e => e.Type == type));
        Assert.Contains(docs, d => d.Entities.Count == 0);
    }
}
