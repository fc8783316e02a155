package dev.integrationagent.mapping.text;

import org.commonmark.node.Block;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;

/**
 * The readable text of a subtree, for constructs that a target format cannot nest: what it cannot
 * structure, it still shows as words.
 */
final class PlainText {
  private PlainText() {}

  /** A paragraph showing {@code literal} as typed, one hard line break per newline. */
  static Paragraph literalParagraph(String literal) {
    Paragraph paragraph = new Paragraph();
    String[] lines = literal.strip().split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        paragraph.appendChild(new HardLineBreak());
      }
      if (!lines[i].isEmpty()) {
        paragraph.appendChild(new Text(lines[i]));
      }
    }
    return paragraph;
  }

  static String of(Node node) {
    StringBuilder out = new StringBuilder();
    append(node, out);
    return out.toString().strip().replaceAll("\\s+", " ");
  }

  private static void append(Node node, StringBuilder out) {
    if (node instanceof Text text) {
      out.append(text.getLiteral());
    } else if (node instanceof Code code) {
      out.append(code.getLiteral());
    } else if (node instanceof HtmlInline html) {
      out.append(html.getLiteral());
    } else if (node instanceof FencedCodeBlock code) {
      out.append(' ').append(code.getLiteral()).append(' ');
    } else if (node instanceof IndentedCodeBlock code) {
      out.append(' ').append(code.getLiteral()).append(' ');
    } else if (node instanceof HtmlBlock html) {
      out.append(' ').append(html.getLiteral()).append(' ');
    } else if (node instanceof HardLineBreak || node instanceof SoftLineBreak) {
      out.append(' ');
    } else {
      boolean block = node instanceof Block;
      if (block) {
        out.append(' ');
      }
      for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
        append(child, out);
      }
      if (block) {
        out.append(' ');
      }
    }
  }
}
