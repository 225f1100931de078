using Bunit;
using Econeura.Portal.Components;

namespace Econeura.Portal.Tests.Components;

/// <summary>An agent's answer is Markdown, rendered so that nothing in it can run, load or take over the page.</summary>
public sealed class MarkdownTextTests(PortalFixture fixture) : PortalComponentTest(fixture, "ana", "en-GB")
{
    private IRenderedComponent<MarkdownText> Show(string markdown) => Render<MarkdownText>(p => p.Add(m => m.Text, markdown));

    [Fact]
    public void A_script_and_raw_html_show_as_text_and_run_nothing()
    {
        var answer = Show("Hola <script>alert('x')</script> y <b onclick=\"steal()\">negrita</b>");

        Assert.Empty(answer.FindAll("script"));
        Assert.Empty(answer.FindAll("b"));
        Assert.Contains("<script>alert('x')</script>", answer.Find("[data-testid=markdown-text]").TextContent);
    }

    [Fact]
    public void A_remote_image_is_not_loaded_the_reader_gets_its_description_as_a_link()
    {
        var answer = Show("Gráfico: ![ventas de marzo](http://tracker.example/pixel.png) y <img src=http://tracker.example/x.png>");

        Assert.Empty(answer.FindAll("img"));
        var link = answer.Find("a");
        Assert.Equal(("ventas de marzo", "http://tracker.example/pixel.png"), (link.TextContent, link.GetAttribute("href")));
    }

    [Fact]
    public void Links_open_in_a_new_tab_without_handing_over_the_page_and_script_links_go_nowhere()
    {
        var answer = Show("[Informe](https://example.com/informe), https://example.com/auto y [trampa](javascript:alert(1))");

        var links = answer.FindAll("a");
        Assert.Equal(["https://example.com/informe", "https://example.com/auto", "#"], links.Select(a => a.GetAttribute("href")));
        Assert.All(links, a => Assert.Equal(("_blank", "noopener noreferrer"), (a.GetAttribute("target"), a.GetAttribute("rel"))));
    }

    [Fact]
    public void Headings_lists_tables_and_code_blocks_render_and_each_code_block_has_a_copy_button()
    {
        var answer = Show("## Resumen\n\n- uno\n- dos\n\n| mes | coste |\n|---|---|\n| marzo | 12 |\n\n```sql\nselect 1;\n```\n");

        Assert.Equal("Resumen", answer.Find("h2").TextContent);
        Assert.Equal(2, answer.FindAll("li").Count);
        Assert.Equal("marzo", answer.Find("table td").TextContent);
        Assert.Equal("select 1;", answer.Find(".md-code pre code").TextContent.Trim());
        Assert.Equal(("button", "Copy"), (answer.Find(".md-code button").GetAttribute("type"), answer.Find(".md-code button").TextContent));
    }
}
