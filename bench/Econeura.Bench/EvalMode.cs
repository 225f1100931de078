using Econeura.Domain.Tests.Dlp;

namespace Econeura.Bench;

internal static class EvalMode
{
    public static int Run(string? path)
    {
        path ??= Path.Combine(AppContext.BaseDirectory, "Corpus", "dlp_corpus.jsonl");
        var docs = CorpusEvaluator.Load(path);
        var report = CorpusEvaluator.Evaluate(docs);
        Console.WriteLine($"Corpus: {path} ({report.Documents} documents, {docs.Sum(d => d.Entities.Count)} labelled entities)");
        Console.WriteLine(report.Format());
        foreach (var e in report.Errors) Console.WriteLine(e);
        return 0;
    }
}
