using Econeura.Domain.Dlp;

namespace Econeura.Domain.Tests.Dlp;

public class NormalizedTextTests
{
    [Theory]
    [InlineData("plain ASCII ana@contoso.es")]
    [InlineData("acentos y eñes: año, café, 99,95\u00a0%")] // a no-break space is read as it is by the detectors that allow it
    [InlineData("")]
    public void Text_with_nothing_to_normalise_is_scanned_as_it_is(string text) =>
        Assert.Same(text, NormalizedText.Of(text).Text);

    [Theory]
    [InlineData("ana\u200b@contoso.es", "ana@contoso.es")]
    [InlineData("\u00ad\u200c\u200d\u200e\u200f\u202a\u202e\u2060\u2066\u2069\ufeff\u061c\u180e", "")]
    [InlineData("a\U000E0041\U000E007Fb\ufe0fc\U000E0100", "abc")]
    [InlineData("ａｎａ＠ｃｏｎｔｏｓｏ．ｅｓ ！～", "ana@contoso.es !~")]
    [InlineData("ana\ufe6bcontoso.es", "ana@contoso.es")]
    [InlineData("1\u30002\u20093\u202f4\u20005", "1 2 3 4 5")]
    [InlineData("emoji 😀 stays, 👨\u200d👩 loses its joiner", "emoji 😀 stays, 👨👩 loses its joiner")]
    public void Invisible_characters_are_removed_and_fullwidth_forms_folded(string text, string scanned) =>
        Assert.Equal(scanned, NormalizedText.Of(text).Text);

    [Fact]
    public void Findings_map_back_to_the_original_span_including_what_was_removed_inside()
    {
        string original = "\u200b\U000E0041x ａ\u200bｂ y";
        var normalized = NormalizedText.Of(original);
        Assert.Equal("x ab y", normalized.Text);
        var mapped = normalized.ToOriginal([new Finding(EntityType.SECRET, 2, 2, 1), new Finding(EntityType.SECRET, 0, 1, 1)]);
        Assert.Equal("ａ\u200bｂ", original.Substring(mapped[0].Start, mapped[0].Length));
        Assert.Equal("x", original.Substring(mapped[1].Start, mapped[1].Length));
    }
}
