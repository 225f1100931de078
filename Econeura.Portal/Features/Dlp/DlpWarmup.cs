using Econeura.Domain.Dlp;

namespace Econeura.Portal.Features.Dlp;

/// <summary>
/// Scans a sample once before the portal takes requests. The first scan of a process loads phone metadata and JIT-compiles
/// the detectors (about 90 ms idle, several times that under load); left to the first user, it could exceed the time
/// budget and fail closed, blocking an input that was fine.
/// </summary>
public sealed class DlpWarmup : IHostedService
{
    private const string Sample =
        "Ana (ana@contoso.es, +34 612 345 678, DNI 12345678Z, NIE X1234567L, CIF B12345674) paga con 4111 1111 1111 1111 " +
        "al IBAN ES91 2100 0418 4502 0005 1332 desde 10.0.0.1; SSN 536-90-4399; Password=S3cret!x; token 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";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        DlpScanner.Scan(Sample);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
