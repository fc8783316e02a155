package dev.integrationagent.mapping.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.Document;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;

/**
 * Writes a Markdown tree as Redmine Textile. Text is written as typed unless Textile would read it
 * as markup; then it goes into {@code <notextile>}. Each inline run is checked by parsing it back,
 * so escaping is added only where it changes the meaning.
 */
final class TextileWriter {
  /** Textile characters that may start markup somewhere in a run of text. */
  private static final String SPECIALS = "*_-+@^~%\"![]|=<>?{}";

  private static final Pattern BLOCK_START =
      Pattern.compile(
          "^(?:(?:h[1-6]|bq|bc|pre|p|fn\\d+|table|notextile)(?:\\([^)]*\\)|\\{[^}]*}|\\[[^]]*]|[<>=]+)*\\.\\.?(?:\\s|$)|[*#]+"
              + " |\\||>|-{3,}\\s*$|\\*{3,}\\s*$|<pre|<hr)",
          Pattern.DOTALL);
  private static final Pattern CELL_START =
      Pattern.compile("^_?(?:[<>=^~]|<>)*(?:\\{[^}]*})?\\.(?: |$)");

  private static final String NOTEXTILE_END = "</notextile>";
  private static final int EM = 1;
  private static final int STRONG = 2;
  private static final int STRIKE = 4;

  private TextileWriter() {}

  static String write(Node document) {
    return blocks(document).strip();
  }

  private static String blocks(Node parent) {
    List<String> out = new ArrayList<>();
    for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
      String block = block(child);
      if (!block.isEmpty()) {
        out.add(block);
      }
    }
    return String.join("\n\n", out);
  }

  private static String block(Node node) {
    if (node instanceof Paragraph) {
      String text = inlines(node, false);
      return BLOCK_START.matcher(text).find() ? "p. " + text : text;
    } else if (node instanceof Heading heading) {
      return "h" + heading.getLevel() + ". " + inlines(heading, false);
    } else if (node instanceof ListBlock list) {
      List<String> lines = new ArrayList<>();
      list(list, "", lines);
      return String.join("\n", lines);
    } else if (node instanceof FencedCodeBlock code) {
      return codeBlock(code.getInfo(), code.getLiteral());
    } else if (node instanceof IndentedCodeBlock code) {
      return codeBlock(null, code.getLiteral());
    } else if (node instanceof BlockQuote quote) {
      if (quote.getFirstChild() instanceof Paragraph only && only.getNext() == null) {
        return "bq. " + inlines(only, false);
      }
      String inner = blocks(quote);
      StringBuilder out = new StringBuilder();
      for (String line : inner.split("\n", -1)) {
        out.append(line.isEmpty() ? ">" : "> " + line).append('\n');
      }
      return out.toString().stripTrailing();
    } else if (node instanceof ThematicBreak) {
      return "---";
    } else if (node instanceof TableBlock) {
      return table(node);
    } else if (node instanceof HtmlBlock html) {
      return block(PlainText.literalParagraph(html.getLiteral()));
    } else if (node instanceof LinkReferenceDefinition) {
      return "";
    } else {
      return block(PlainText.literalParagraph(PlainText.of(node)));
    }
  }

  private static String codeBlock(String info, String literal) {
    String language = info == null ? "" : info.strip().split("\\s+", 2)[0].replace("\"", "");
    String body = literal.isEmpty() || literal.endsWith("\n") ? literal : literal + "\n";
    // Textile has no escape inside <pre>: a closing tag in the code is spaced so it stays text
    body = body.replace("</pre>", "</ pre>").replace("</code>", "</ code>");
    if (language.isEmpty()) {
      return "<pre>\n" + body + "</pre>";
    }
    return "<pre><code class=\"" + language + "\">\n" + body + "</code></pre>";
  }

  /** Textile list items hold one line of text; further blocks continue that line. */
  private static void list(ListBlock list, String prefix, List<String> lines) {
    String marker = prefix + (list instanceof OrderedList ? "#" : "*");
    for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
      StringBuilder text = new StringBuilder();
      List<ListBlock> nested = new ArrayList<>();
      for (Node child = item.getFirstChild(); child != null; child = child.getNext()) {
        if (child instanceof ListBlock sublist) {
          nested.add(sublist);
          continue;
        }
        String line =
            child instanceof Paragraph ? inlines(child, false) : escape(PlainText.of(child), false);
        if (!line.isEmpty()) {
          text.append(text.length() > 0 ? "\n" : "").append(line);
        }
      }
      lines.add(marker + " " + text);
      for (ListBlock sublist : nested) {
        list(sublist, marker, lines);
      }
    }
  }

  private static String table(Node table) {
    List<String> rows = new ArrayList<>();
    for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
      for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
        if (!(row instanceof TableRow)) {
          continue;
        }
        StringBuilder line = new StringBuilder("|");
        for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
          boolean header = cell instanceof TableCell tableCell && tableCell.isHeader();
          String text = inlines(cell, true);
          Matcher cellStart = CELL_START.matcher(text);
          if (cellStart.find()) {
            int dot =
                text.charAt(cellStart.end() - 1) == ' ' ? cellStart.end() - 1 : cellStart.end();
            text = notextile(text.substring(0, dot)) + text.substring(dot);
          }
          String align = cell instanceof TableCell tableCell ? alignment(tableCell) : "";
          String prefix = header || !align.isEmpty() ? (header ? "_" : "") + align + ". " : " ";
          line.append(prefix).append(text).append(text.isEmpty() ? "|" : " |");
        }
        rows.add(line.toString());
      }
    }
    return String.join("\n", rows);
  }

  private static String alignment(TableCell cell) {
    if (cell.getAlignment() == null) {
      return "";
    }
    return switch (cell.getAlignment()) {
      case LEFT -> "<";
      case CENTER -> "=";
      case RIGHT -> ">";
    };
  }

  /**
   * Writes inline content, escaping only text that Textile would misread; when the lenient form
   * does not read back as the strict one, the strict form wins.
   */
  private static String inlines(Node parent, boolean cell) {
    String lenient = inlineSequence(parent, cell, false, 0);
    if (cell) {
      lenient = lenient.replace("\n", " ");
    }
    String strict = inlineSequence(parent, cell, true, 0);
    if (cell) {
      strict = strict.replace("\n", " ");
    }
    if (lenient.equals(strict) || sameMeaning(lenient, strict)) {
      return lenient;
    }
    return strict;
  }

  private static boolean sameMeaning(String first, String second) {
    Document a = new Document();
    a.appendChild(TextileInline.parse(first));
    Document b = new Document();
    b.appendChild(TextileInline.parse(second));
    return MarkdownSupport.render(a).equals(MarkdownSupport.render(b));
  }

  private static String inlineSequence(Node parent, boolean cell, boolean strict, int open) {
    StringBuilder out = new StringBuilder();
    List<Node> children = new ArrayList<>();
    for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
      children.add(child);
    }
    List<String> rendered = new ArrayList<>();
    for (Node child : children) {
      rendered.add(inline(child, cell, strict, open));
    }
    for (int i = 0; i < children.size(); i++) {
      String piece = rendered.get(i);
      if (isPhrase(children.get(i)) && !piece.startsWith("<")) {
        int before = out.length() == 0 ? -1 : out.charAt(out.length() - 1);
        int after = -1;
        for (int j = i + 1; j < rendered.size() && after < 0; j++) {
          after = rendered.get(j).isEmpty() ? -1 : rendered.get(j).charAt(0);
        }
        boolean link = children.get(i) instanceof Link || children.get(i) instanceof Image;
        boolean urlRunsOn = link && after >= 0 && !Character.isWhitespace(after);
        boolean urlLosesPunctuation =
            link && ".,;:!?'\")".indexOf(piece.charAt(piece.length() - 1)) >= 0;
        if (!TextileInline.boundaryBefore(before)
            || !TextileInline.boundaryAfter(after)
            || urlRunsOn
            || urlLosesPunctuation) {
          piece = "[" + piece + "]";
        }
      }
      out.append(piece);
    }
    return out.toString();
  }

  private static boolean isPhrase(Node node) {
    return node instanceof Emphasis
        || node instanceof StrongEmphasis
        || node instanceof Strikethrough
        || node instanceof Code
        || node instanceof Link
        || node instanceof Image;
  }

  private static String inline(Node node, boolean cell, boolean strict, int open) {
    if (node instanceof Text text) {
      return strict ? escapeStrict(text.getLiteral(), cell) : escape(text.getLiteral(), cell);
    } else if (node instanceof HtmlInline html) {
      return strict ? escapeStrict(html.getLiteral(), cell) : escape(html.getLiteral(), cell);
    } else if (node instanceof SoftLineBreak) {
      return " ";
    } else if (node instanceof HardLineBreak) {
      return "\n";
    } else if (node instanceof Code code) {
      String literal = code.getLiteral();
      boolean plain =
          !literal.isEmpty()
              && literal.indexOf('@') < 0
              && literal.strip().equals(literal)
              && !(cell && literal.indexOf('|') >= 0);
      return plain ? "@" + literal + "@" : "<code>" + literal + "</code>";
    } else if (node instanceof Emphasis) {
      return phrase("_", EM, node, cell, strict, open);
    } else if (node instanceof StrongEmphasis) {
      return phrase("*", STRONG, node, cell, strict, open);
    } else if (node instanceof Strikethrough) {
      return phrase("-", STRIKE, node, cell, strict, open);
    } else if (node instanceof Link link) {
      String label = inlineSequence(node, cell, strict, open);
      return "\""
          + (label.isEmpty() ? escape(link.getDestination(), cell) : label)
          + "\":"
          + link.getDestination().replace("]", "%5D");
    } else if (node instanceof Image image) {
      String alt = PlainText.of(image);
      return "\""
          + escape(alt.isEmpty() ? image.getDestination() : alt, cell)
          + "\":"
          + image.getDestination().replace("]", "%5D");
    } else {
      return inlineSequence(node, cell, strict, open);
    }
  }

  /** Textile cannot nest a phrase in one of its own kind; the inner one keeps only its text. */
  private static String phrase(
      String delimiter, int kind, Node node, boolean cell, boolean strict, int open) {
    String content = inlineSequence(node, cell, strict, open | kind);
    return (open & kind) != 0 ? content : delimiter + content + delimiter;
  }

  private static String escape(String literal, boolean cell) {
    if (literal.isEmpty()) {
      return literal;
    }
    if (literal.contains("notextile>")) {
      return notextile(literal); // Redmine would take a bare tag as markup and hide it
    }
    Paragraph parsed = TextileInline.parse(literal);
    boolean plain =
        parsed.getFirstChild() instanceof Text only
            && only.getNext() == null
            && only.getLiteral().equals(literal);
    if (plain && !(cell && literal.indexOf('|') >= 0)) {
      return literal;
    }
    return notextile(literal);
  }

  private static String escapeStrict(String literal, boolean cell) {
    for (int i = 0; i < literal.length(); i++) {
      if (SPECIALS.indexOf(literal.charAt(i)) >= 0 || literal.charAt(i) == '\n') {
        return notextile(literal);
      }
    }
    return literal;
  }

  /** Wraps text in notextile; a literal closing tag inside is split so that it shows as text. */
  private static String notextile(String literal) {
    String[] parts = literal.replace("\n", " ").split(NOTEXTILE_END, -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append("<notextile><</notextile>/notextile>");
      }
      if (!parts[i].isEmpty()) {
        out.append("<notextile>").append(parts[i]).append(NOTEXTILE_END);
      }
    }
    return out.toString();
  }
}
