using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Econeura.Domain.Dlp;
using Econeura.Domain.Tests.Dlp;

namespace Econeura.Bench;

internal static class BenchMode
{
    private static readonly string[] Prose =
    {
        "En la reunión del comité de dirección se revisaron los objetivos del trimestre, el plan de contratación y la migración de la plataforma de facturación a la nube. El equipo de operaciones informó de que la disponibilidad del servicio fue del 99,95 % y de que el tiempo medio de respuesta se redujo un 12 % respecto al periodo anterior. ",
        "Please find attached the quarterly report. Revenue grew by 8 percent year over year, mainly driven by the enterprise segment, while churn stayed below two percent. The board asked us to prepare a detailed plan for the expansion into Portugal and Italy before the end of the next quarter, including hiring needs and budget. ",
        "Recordad que las vacaciones de verano deben solicitarse a través del portal del empleado antes del 15 de mayo. Las solicitudes se aprobarán por orden de llegada y teniendo en cuenta las necesidades de cada departamento. Para cualquier duda, consultad la política interna publicada en la intranet. ",
        "The incident was caused by a misconfigured load balancer that routed traffic to a node under maintenance. Engineers rolled back the change within twenty minutes and no customer data was affected. Action items include adding a pre-deployment check and improving the alerting thresholds for the checkout service. ",
        "Te escribo para resumir lo hablado ayer con el cliente: quieren ampliar el contrato a tres años, incluir soporte en horario extendido y revisar las condiciones de pago a 60 días. Prepararé una propuesta económica y la enviaré el lunes para que la revises antes de mandarla. ",
        "Can you help me rewrite this paragraph so it sounds more professional? We are excited to announce that our new product line will be available next month in all stores, and we would like to thank our partners for their continued support during the development process. ",
    };

    public static int Run(string[] args)
    {
        var ci = CultureInfo.InvariantCulture;
        string corpusPath = Path.Combine(AppContext.BaseDirectory, "Corpus", "dlp_corpus.jsonl");
        var docs = CorpusEvaluator.Load(corpusPath);
        const int target = 10 * 1024 * 1024;
        string mixed = BuildMixed(docs, target);
        string prompt = BuildMixed(docs, 4096)[..4096];

        Console.WriteLine($"Econeura DLP bench  (.NET {Environment.Version}, {Environment.ProcessorCount} cores, single thread)");
        Console.WriteLine($"Mixed text: {mixed.Length / 1048576.0:0.00} M chars (ASCII-heavy: 1 char ~ 1 byte of UTF-8); 1 corpus document per ~1 KB of prose");
        Console.WriteLine();

        // Warm up everything (JIT to its optimised tier, libphonenumber metadata): a portal process scans all day, so its
        // steady state is what matters; a few cold scans made earlier figures swing by a factor of two between runs.
        var corpusText = string.Join("\n", docs.Select(d => d.Text));
        for (int i = 0; i < 60; i++) DlpScanner.Scan(corpusText);
        Thread.Sleep(200); // let tiered compilation install what it queued
        var naive = NaivePatterns.Select(p => new Regex(p, RegexOptions.None)).ToArray();
        var ceilingSet = SearchValues.Create("0123456789@:=");

        double naiveMbs = Measure(mixed, s =>
        {
            long c = 0;
            foreach (var r in naive) for (var m = r.Match(s); m.Success; m = m.NextMatch()) c++;
            return c;
        }, out long naiveCount, iterations: 2);
        double ceilMbs = Measure(mixed, s =>
        {
            long c = 0;
            var span = s.AsSpan();
            int pos = 0;
            while (true)
            {
                int i = span[pos..].IndexOfAny(ceilingSet);
                if (i < 0) break;
                c++;
                pos += i + 1;
            }
            return c;
        }, out long ceilCount, iterations: 5);
        double oursMbs = Measure(mixed, s => DlpScanner.Scan(s).Count, out long oursCount, iterations: 7);

        Console.WriteLine("Throughput over the mixed text (median of N runs after warm-up)");
        Console.WriteLine($"{"approach",-58} {"MB/s",10} {"matches",10}");
        Console.WriteLine($"{"(1) naive: 10 interpreted Regex, no validation",-58} {naiveMbs.ToString("0.0", ci),10} {naiveCount,10}");
        Console.WriteLine($"{"(2) ceiling: IndexOfAny(SearchValues) anchor count only",-58} {ceilMbs.ToString("0.0", ci),10} {ceilCount,10}");
        Console.WriteLine($"{"(3) Econeura DlpScanner (validated findings)",-58} {oursMbs.ToString("0.0", ci),10} {oursCount,10}");
        Console.WriteLine($"ratio ours / naive = {(oursMbs / naiveMbs).ToString("0.0", ci)}x ; ours / ceiling = {(oursMbs / ceilMbs * 100).ToString("0.0", ci)} %");
        Console.WriteLine();

        // Dense text: the corpus itself (every document full of entities and decoys).
        string dense = string.Join("\n\n", Enumerable.Repeat(string.Join("\n\n", docs.Select(d => d.Text)), 20));
        double denseMbs = Measure(dense, s => DlpScanner.Scan(s).Count, out long denseCount, iterations: 3);
        Console.WriteLine($"Dense corpus text ({dense.Length / 1048576.0:0.00} M chars, ~{denseCount} findings): {denseMbs.ToString("0.0", ci)} MB/s");
        Console.WriteLine();

        // Latency of one 4 KB prompt (steady state: drop the 10 MB buffers first).
        mixed = dense = string.Empty;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        const int runs = 20000;
        int findings = DlpScanner.Scan(prompt).Count;
        Console.WriteLine($"Latency, one {prompt.Length}-char prompt ({findings} findings), {runs} scans after warm-up:");
        Console.WriteLine("  " + Latency(prompt, runs));
        // One invisible character anywhere sends the whole prompt through NormalizedText (copy + offset map).
        string hidden = prompt[..(prompt.Length / 2)] + "\u200b" + prompt[(prompt.Length / 2)..];
        Console.WriteLine("  " + Latency(hidden, runs) + "   (the same with one zero-width space: normalised first)");
        var budget = ScanBudget.For(prompt);
        var outcome = DlpScanner.Scan(prompt, budget);
        Console.WriteLine($"  fail-closed entry point: {(outcome.Succeeded ? "completed" : "FAILED")} in {outcome.Steps} of {budget.Steps} steps");
        Console.WriteLine();

        // Measured last so that the figures above keep their meaning: the throughput at (3) is taken while tiered
        // compilation is still promoting methods and swings between runs; a portal that has scanned for a while runs
        // at this one.
        mixed = BuildMixed(docs, target);
        for (int i = 0; i < SteadyStateWarmUpScans; i++) DlpScanner.Scan(mixed);
        double steadyMbs = Measure(mixed, s => DlpScanner.Scan(s).Count, out _, iterations: 7);
        Console.WriteLine($"Mixed text after {SteadyStateWarmUpScans} more scans (steady state): {steadyMbs.ToString("0.0", ci)} MB/s");
        return 0;
    }

    private const int SteadyStateWarmUpScans = 20;

    private static string Latency(string prompt, int runs)
    {
        var ci = CultureInfo.InvariantCulture;
        for (int i = 0; i < 3000; i++) DlpScanner.Scan(prompt);
        var samples = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            DlpScanner.Scan(prompt);
            samples[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
        Array.Sort(samples);
        return $"p50 = {samples[runs / 2].ToString("0.0", ci)} µs   p90 = {samples[(int)(runs * 0.9)].ToString("0.0", ci)} µs   p99 = {samples[(int)(runs * 0.99)].ToString("0.0", ci)} µs   max = {samples[^1].ToString("0.0", ci)} µs";
    }

    private static double Measure(string text, Func<string, long> action, out long result, int iterations)
    {
        result = action(text); // warm-up
        var seconds = new double[iterations];
        for (int i = 0; i < iterations; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            result = action(text);
            seconds[i] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }
        Array.Sort(seconds);
        return text.Length / 1048576.0 / seconds[iterations / 2];
    }

    private static string BuildMixed(List<CorpusDoc> docs, int targetChars)
    {
        var sb = new StringBuilder(targetChars + 4096);
        int d = 0, p = 0;
        while (sb.Length < targetChars)
        {
            sb.Append(Prose[p++ % Prose.Length]);
            sb.Append(Prose[p++ % Prose.Length]);
            sb.Append("\n\n");
            sb.Append(docs[d++ % docs.Count].Text);
            sb.Append("\n\n");
            sb.Append(Prose[p++ % Prose.Length]);
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static readonly string[] NaivePatterns =
    {
        @"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}",
        @"(?:\+|00)?\d{1,3}[ .-]?\(?\d{2,4}\)?(?:[ .-]?\d{2,4}){2,4}",
        @"\b(?:\d[ -]?){13,19}\b",
        @"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,4})?\b",
        @"\b\d{8}-?[A-Z]\b",
        @"\b[XYZ]-?\d{7}-?[A-Z]\b",
        @"\b[ABCDEFGHJNPQRSUVW]-?\d{7}[0-9A-J]\b",
        @"\b\d{3}[- ]\d{2}[- ]\d{4}\b",
        @"\b(?:\d{1,3}\.){3}\d{1,3}\b|(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F:]*",
        @"AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}|xox[bpars]-[A-Za-z0-9-]+|eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*|-----BEGIN [A-Z ]*PRIVATE KEY-----|sk-[A-Za-z0-9_-]{20,}|(?i:password|pwd)=[^;\s]+",
    };
}
