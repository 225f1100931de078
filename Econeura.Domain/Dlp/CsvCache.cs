namespace Econeura.Domain.Dlp;

/// <summary>Per-scan cache of the last delimited block seen by <see cref="CsvColumns"/>.</summary>
internal struct CsvCache
{
    public bool Valid;
    public int LineStart;
    public char Delimiter;
    public int Columns;
    public int SsnColumn;
}
