/**
 * @module devchat/web/markdown
 * The bit of markdown the bot writes, as HTML: `**bold**`, `*italic*`, `[text](https://…)` links, `- ` and `1. `
 * lists and line breaks, roughly what Teams renders in messages and TextBlocks. The text is HTML-escaped first,
 * so nothing the bot (or a user, through the bot) wrote can become markup; links go to http(s) only.
 */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** `text` with the five HTML special characters escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Inline markup of one escaped line. */
function inline(escaped: string): string {
  return escaped
    .replace(
      /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g,
      (_m, label: string, url: string) =>
        `<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>`,
    )
    .replace(/\*\*(?=\S)(.+?)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^*\w])\*(?=\S)([^*\n]+?)\*(?![*\w])/g, "$1<em>$2</em>");
}

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*(\d{1,3})[.)]\s+(.*)$/;

/** The HTML of a markdown text (see the module note); blank lines separate paragraphs. */
export function markdownToHtml(text: string): string {
  const out: string[] = [];
  let list: { tag: "ul" | "ol"; start: string; items: string[] } | undefined;
  let lines: string[] = [];
  const flushLines = () => {
    if (lines.length) out.push(`<p>${lines.join("<br>")}</p>`);
    lines = [];
  };
  const flushList = () => {
    if (!list) return;
    const start = list.tag === "ol" && list.start !== "1" ? ` start="${Number(list.start)}"` : "";
    out.push(`<${list.tag}${start}>${list.items.map((i) => `<li>${i}</li>`).join("")}</${list.tag}>`);
    list = undefined;
  };
  for (const raw of text.replace(/\r\n?/g, "\n").split("\n")) {
    const line = escapeHtml(raw);
    const bullet = BULLET.exec(line);
    const numbered = bullet ? undefined : NUMBERED.exec(line);
    if (bullet || numbered) {
      const tag = bullet ? "ul" : "ol";
      flushLines();
      if (list?.tag !== tag) flushList();
      list ??= { tag, start: numbered?.[1] ?? "1", items: [] };
      list.items.push(inline((bullet ? bullet[1] : numbered?.[2]) ?? ""));
    } else if (line.trim() === "") {
      flushLines();
      flushList();
    } else {
      flushList();
      lines.push(inline(line));
    }
  }
  flushLines();
  flushList();
  return out.join("");
}
