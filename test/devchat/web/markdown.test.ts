import { escapeHtml, markdownToHtml } from "../../../src/devchat/web/markdown.js";

describe("markdownToHtml", () => {
  it("should escape HTML before adding any markup", () => {
    expect(markdownToHtml('<img src=x onerror="alert(1)"> & <b>')).toBe(
      "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;b&gt;</p>",
    );
    expect(escapeHtml(`'"`)).toBe("&#39;&quot;");
  });

  it("should render bold, italic and line breaks, and blank lines as paragraphs", () => {
    expect(markdownToHtml("**Let op:** bel *nu*\ntweede regel\n\nnieuwe alinea")).toBe(
      "<p><strong>Let op:</strong> bel <em>nu</em><br>tweede regel</p><p>nieuwe alinea</p>",
    );
    expect(markdownToHtml("2 * 3 * 4 en **")).toBe("<p>2 * 3 * 4 en **</p>");
  });

  it("should render bullet and numbered lists, keeping the first number", () => {
    expect(markdownToHtml("Waarom:\n- een\n- **twee**\nklaar")).toBe(
      "<p>Waarom:</p><ul><li>een</li><li><strong>twee</strong></li></ul><p>klaar</p>",
    );
    expect(markdownToHtml("3. drie\n4. vier")).toBe('<ol start="3"><li>drie</li><li>vier</li></ol>');
  });

  it("should link to http(s) addresses only, in a new tab", () => {
    expect(markdownToHtml("[CoMensha](https://www.comensha.nl/?a=1&b=2)")).toBe(
      '<p><a href="https://www.comensha.nl/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">CoMensha</a></p>',
    );
    expect(markdownToHtml("[klik](javascript:alert(1))")).toBe("<p>[klik](javascript:alert(1))</p>");
    expect(markdownToHtml('[x](https://a.nl/"onmouseover=1)')).not.toContain('"onmouseover');
  });
});
