package dev.integrationagent.mapping.text;

import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.markdown.MarkdownRenderer;

/**
 * The one place that knows which Markdown dialect we speak: CommonMark plus GFM tables and
 * strikethrough. Parser and renderer are immutable and thread-safe, so they are shared.
 */
final class MarkdownSupport {
  private static final List<Extension> EXTENSIONS =
      List.of(TablesExtension.create(), StrikethroughExtension.create());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  private static final MarkdownRenderer RENDERER =
      MarkdownRenderer.builder().extensions(EXTENSIONS).build();

  private MarkdownSupport() {}

  static Node parse(String markdown) {
    return PARSER.parse(markdown);
  }

  /** Renders a tree as normalised Markdown: no trailing newline, so that "" means empty. */
  static String render(Node document) {
    String rendered = RENDERER.render(document);
    int end = rendered.length();
    while (end > 0 && rendered.charAt(end - 1) == '\n') {
      end--;
    }
    return rendered.substring(0, end);
  }
}
