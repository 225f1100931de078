using Econeura.Bench;

if (args.Length > 0 && args[0] == "--probe")
{
    string? line;
    while ((line = Console.ReadLine()) is not null)
    {
        var fs = Econeura.Domain.Dlp.DlpScanner.Scan(line);
        Console.WriteLine(line);
        foreach (var f in fs) Console.WriteLine($"   {f.Type.ToString(),-12} {f.Score:0.00} [{f.Start},{f.Length}] '{line.Substring(f.Start, f.Length)}'");
    }
    return 0;
}
if (args.Length > 0 && args[0] == "--eval")
{
    return EvalMode.Run(args.Length > 1 ? args[1] : null);
}
return BenchMode.Run(args);
