namespace Econeura.Domain.Dlp;

internal sealed class ScanBudgetExceededException : Exception
{
    public ScanBudgetExceededException() : base("DLP scan exceeded its time budget.") { }
}
