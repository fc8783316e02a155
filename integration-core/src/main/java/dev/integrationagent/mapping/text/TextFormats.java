package dev.integrationagent.mapping.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import javax.annotation.Nullable;

/**
 * Converts the canonical description format, CommonMark Markdown (with GFM tables and
 * strikethrough), to and from the rich-text formats of the connected tools: Jira's Atlassian
 * Document Format and Redmine's Textile.
 *
 * <pre>{@code
 * ObjectNode adf = TextFormats.markdownToAdf("Fix **now**: see [log](https://ci/1)");
 * String markdown = TextFormats.adfToMarkdown(issue.path("fields").path("description"));
 * String textile = TextFormats.markdownToTextile(markdown);   // "Fix *now*: see \"log\":https://ci/1"
 * String back = TextFormats.textileToMarkdown(textile);
 * }</pre>
 *
 * <p>The {@code toMarkdown} directions produce a normalised Markdown; for any such output {@code
 * adfToMarkdown(markdownToAdf(md))} and {@code textileToMarkdown(markdownToTextile(md))} return
 * {@code md} unchanged. What a target cannot express degrades to readable text (a Jira mention
 * becomes {@code @Name}, an attachment {@code [attachment: name]}, an image a link), so no words
 * are lost. All methods are thread-safe and accept {@code null} as the empty document.
 */
public final class TextFormats {
  private TextFormats() {}

  /**
   * Converts Markdown to an ADF document ({@code {"type":"doc","version":1,"content":[...]}}).
   * {@code null} or blank input gives a document with empty content.
   */
  public static ObjectNode markdownToAdf(@Nullable String markdown) {
    return AdfWriter.document(MarkdownSupport.parse(markdown == null ? "" : markdown));
  }

  /**
   * Converts an ADF document to normalised Markdown. {@code null}, JSON null and a missing node
   * give the empty string.
   *
   * @throws dev.integrationagent.api.IntegrationException with category {@code VALIDATION} when the
   *     JSON is not an ADF document; the message names the JSON path of the first problem
   */
  public static String adfToMarkdown(@Nullable JsonNode adf) {
    if (adf == null || adf.isNull() || adf.isMissingNode()) {
      return "";
    }
    return MarkdownSupport.render(AdfReader.read(adf));
  }

  /** Converts Markdown to Redmine Textile. {@code null} gives the empty string. */
  public static String markdownToTextile(@Nullable String markdown) {
    if (markdown == null || markdown.isBlank()) {
      return "";
    }
    return TextileWriter.write(MarkdownSupport.parse(markdown));
  }

  /** Converts Redmine Textile to normalised Markdown. {@code null} gives the empty string. */
  public static String textileToMarkdown(@Nullable String textile) {
    if (textile == null || textile.isBlank()) {
      return "";
    }
    return MarkdownSupport.render(TextileReader.read(textile));
  }
}
