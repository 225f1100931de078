using System.Text;

namespace Econeura.Domain.Agents;

/// <summary>How many tokens a text is, before any model has counted them.</summary>
public static class TokenEstimate
{
    /// <summary>
    /// About four characters a token: what the simulator reports, and what a call is recorded with when its agent reports
    /// no usage. Typical of English, but not a bound: accents, emoji, CJK and code take more tokens per character.
    /// </summary>
    public static int Of(string text) => Math.Max(1, (text.Length + 3) / 4);

    /// <summary>
    /// Never fewer than a byte-level BPE tokenizer makes of the text (OpenAI's and Azure OpenAI's models, and most open
    /// models since): each of its tokens stands for one or more bytes of the UTF-8 text, so it cannot make more tokens
    /// than there are bytes.
    /// </summary>
    public static int AtMost(string text) => Math.Max(1, Encoding.UTF8.GetByteCount(text));
}
