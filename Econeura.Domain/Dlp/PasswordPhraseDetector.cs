using System.Buffers;

namespace Econeura.Domain.Dlp;

/// <summary>
/// Pass 3: passwords that no ':' or '=' introduces, found from the words around them with one vectorised multi-string
/// search: free text ("my password is …", "la contraseña del wifi es …", "la clave de … es …"), SQL ("IDENTIFIED BY '…'",
/// "WITH PASSWORD '…'") and command lines ("sshpass -p …", "mysql -p…", "redis-server --requirepass …", "redis-cli -a …",
/// "sqlcmd -P …").
/// </summary>
internal static class PasswordPhraseDetector
{
    /// <summary>Fragments of the words that start a phrase, in the cases they are written ("password", "Password", "PASSWD").</summary>
    private static readonly SearchValues<string> Anchors = SearchValues.Create(
        ["assw", "ASSW", "assphrase", "pwd", "PWD", "ontrase", "ONTRASE", "lave", "LAVE", "dentified", "DENTIFIED", "requirepass", "masterauth", "sshpass",
         "mysql", "redis-cli", "sqlcmd"],
        StringComparison.Ordinal);

    private const int MaxWordLength = 24;

    public static void ScanAll(ScanContext context) => PrefixPass.Run(context, Anchors, Process);

    private static int Process(ScanContext context, int anchor)
    {
        string text = context.Text;
        int wordStart = anchor;
        while (wordStart > 0 && anchor - wordStart < MaxWordLength && IsWordChar(text[wordStart - 1])) wordStart--;
        int wordEnd = anchor;
        while (wordEnd < text.Length && wordEnd - wordStart < MaxWordLength && IsWordChar(text[wordEnd])) wordEnd++;
        if (wordEnd - wordStart >= MaxWordLength) return wordEnd;
        Span<char> word = stackalloc char[wordEnd - wordStart];
        text.AsSpan(wordStart, wordEnd - wordStart).ToLowerInvariant(word);
        return word switch
        {
            "identified" => SqlPasswordDetector.AfterIdentified(context, wordEnd),
            "requirepass" or "masterauth" or "--requirepass" or "--masterauth" => CommandLinePasswordDetector.AfterDirective(context, wordEnd),
            "sshpass" => CommandLinePasswordDetector.AfterSshpass(context, wordEnd),
            "mysql" or "mysqldump" or "mysqladmin" or "mysqlimport" or "mysqlsh" => CommandLinePasswordDetector.AfterMysql(context, wordEnd),
            "redis-cli" => CommandLinePasswordDetector.AfterRedisCli(context, wordEnd),
            "sqlcmd" => CommandLinePasswordDetector.AfterSqlcmd(context, wordEnd),
            _ when IsPasswordWord(word) => FreeTextPasswordDetector.AfterPasswordWord(context, wordStart, wordEnd),
            _ => wordEnd,
        };
    }

    private static bool IsWordChar(char character) => char.IsLetterOrDigit(character) || character is '_' or '-';

    /// <summary>"password", "Passwort", "pwd", "contraseña", "clave", "passphrase", with or without leading dashes ("--password").</summary>
    private static bool IsPasswordWord(ReadOnlySpan<char> lowerWord)
    {
        var bare = lowerWord.TrimStart('-');
        return bare is "password" or "passwd" or "passwort" or "passphrase" or "pwd" or "contraseña" or "contrasena" or "clave";
    }
}
