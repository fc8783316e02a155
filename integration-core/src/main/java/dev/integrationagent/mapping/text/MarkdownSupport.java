package dev.integrationagent.mapping.text;

import java.util.List;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BulletList;
import org.commonmark.node.Document;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
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

  private static final Pattern BLANK_LINE = Pattern.compile("(?m)^[ \\t]+$");

  private MarkdownSupport() {}

  static Node parse(String markdown) {
    return PARSER.parse(markdown);
  }

  /** Renders a tree as normalised Markdown: no trailing newline, so that "" means empty. */
  static String render(Node document) {
    Flanking.unwrapUnreadable(document);
    normaliseChildren(document);
    String rendered = RENDERER.render(document);
    int end = rendered.length();
    while (end > 0 && rendered.charAt(end - 1) == '\n') {
      end--;
    }
    return rendered.substring(0, end);
  }

  /**
   * Shapes the tree into what reads back unchanged. Two lists of one kind in a row would read back
   * as one list; CommonMark starts a new list when the bullet character or the number delimiter
   * changes, so adjacent lists alternate. Inside a list or quote, a code line of only blanks reads
   * back empty, so it is written empty.
   */
  private static void normaliseChildren(Node node) {
    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
      if (child instanceof BulletList bullets) {
        boolean follows =
            bullets.getPrevious() instanceof BulletList previous
                && "-".equals(previous.getMarker());
        bullets.setMarker(follows ? "*" : "-");
      } else if (child instanceof OrderedList ordered) {
        boolean follows =
            ordered.getPrevious() instanceof OrderedList previous
                && ".".equals(previous.getMarkerDelimiter());
        ordered.setMarkerDelimiter(follows ? ")" : ".");
      }
      if (child instanceof FencedCodeBlock code && !(node instanceof Document)) {
        code.setLiteral(BLANK_LINE.matcher(code.getLiteral()).replaceAll(""));
      }
      normaliseChildren(child);
    }
  }
}
