namespace Econeura.Domain.Dlp;

internal sealed class ScanBudgetExceededException : Exception
{
    public ScanBudgetExceededException() : base("DLP scan needed more steps than its budget.") { }
}
