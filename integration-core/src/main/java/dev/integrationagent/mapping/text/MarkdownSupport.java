package dev.integrationagent.mapping.text;

import java.util.List;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BulletList;
import org.commonmark.node.Document;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
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
      MarkdownRenderer.builder()
          .nodeRendererFactory(new LineStartEscapes())
          .extensions(EXTENSIONS)
          .build();

  private static final Pattern BLANK_LINE = Pattern.compile("(?m)^[ \\t]+$");

  private static final int MAX_SETTLING_ROUNDS = 3;

  private MarkdownSupport() {}

  static Node parse(String markdown) {
    return PARSER.parse(markdown);
  }

  /** Renders a tree as normalised Markdown: no trailing newline, so that "" means empty. */
  static String render(Node document) {
    String markdown = renderOnce(document);
    // Some emphasis nestings print as delimiter runs that CommonMark pairs differently
    // ("***a*b*c***"). What it reads back is what a reader sees, so settle on that form.
    for (int round = 0; round < MAX_SETTLING_ROUNDS; round++) {
      String again = renderOnce(parse(markdown));
      if (again.equals(markdown)) {
        break;
      }
      markdown = again;
    }
    return markdown;
  }

  private static String renderOnce(Node document) {
    normaliseChildren(document);
    Flanking.unwrapUnreadable(document);
    String rendered = RENDERER.render(document);
    int end = rendered.length();
    while (end > 0 && rendered.charAt(end - 1) == '\n') {
      end--;
    }
    return rendered.substring(0, end);
  }

  /** An ATX heading is one line: its line breaks become spaces. */
  private static void flattenBreaks(Heading heading) {
    for (Node child = heading.getFirstChild(); child != null; ) {
      Node next = child.getNext();
      if (child instanceof HardLineBreak || child instanceof SoftLineBreak) {
        child.insertBefore(new Text(" "));
        child.unlink();
      }
      child = next;
    }
  }

  /**
   * Paragraphs, headings and GFM cells are read without blanks or line breaks at their edges, so
   * they are written without them.
   */
  private static void trimEdges(Node block) {
    for (Node child = block.getFirstChild(); child != null; child = child.getNext()) {
      // a blank line would end the paragraph: consecutive breaks collapse into one
      while (child instanceof HardLineBreak && child.getNext() instanceof HardLineBreak extra) {
        extra.unlink();
      }
      if (child instanceof HardLineBreak) {
        if (child.getPrevious() instanceof Text before) {
          before.setLiteral(before.getLiteral().stripTrailing());
        }
        if (child.getNext() instanceof Text after) {
          after.setLiteral(after.getLiteral().stripLeading());
        }
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      if (block.getFirstChild() instanceof Text first) {
        first.setLiteral(first.getLiteral().stripLeading());
      }
      if (block.getLastChild() instanceof Text last) {
        last.setLiteral(last.getLiteral().stripTrailing());
      }
      for (Node edge : new Node[] {block.getFirstChild(), block.getLastChild()}) {
        if (edge instanceof HardLineBreak
            || edge instanceof SoftLineBreak
            || (edge instanceof Text text && text.getLiteral().isEmpty())) {
          edge.unlink();
          changed = true;
        }
      }
    }
  }

  /**
   * Shapes the tree into what reads back unchanged. Two lists of one kind in a row would read back
   * as one list; CommonMark starts a new list when the bullet character or the number delimiter
   * changes, so adjacent lists alternate. Inside a list or quote, a code line of only blanks reads
   * back empty, so it is written empty.
   */
  private static void normaliseChildren(Node node) {
    for (Node child = node.getFirstChild(); child != null; ) {
      Node next = child.getNext();
      if (child instanceof Heading heading) {
        flattenBreaks(heading);
        trimEdges(heading);
      } else if (child instanceof TableCell cell) {
        trimEdges(cell);
        if (cell.getLastChild() instanceof Text last && last.getLiteral().endsWith("\\")) {
          // "\\|" would read as an escaped pipe; a blank keeps the cell boundary (and is trimmed)
          last.setLiteral(last.getLiteral() + " ");
        }
      } else if (child instanceof Paragraph paragraph) {
        trimEdges(paragraph);
        if (paragraph.getFirstChild() == null) {
          paragraph.unlink();
        }
      } else if (child instanceof FencedCodeBlock code && !(node instanceof Document)) {
        code.setLiteral(BLANK_LINE.matcher(code.getLiteral()).replaceAll(""));
      }
      child = next;
    }
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
      normaliseChildren(child);
      if (child instanceof ListBlock list) {
        list.setTight(AdfReader.isTight(list));
      }
    }
  }
}
