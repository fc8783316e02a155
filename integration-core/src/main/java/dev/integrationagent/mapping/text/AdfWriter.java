package dev.integrationagent.mapping.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
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
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;

/**
 * Writes a Markdown tree as ADF. Where ADF forbids a nesting that Markdown allows (a heading or a
 * table inside a list item or quote, a quote inside a quote), the inner block becomes a paragraph
 * of its text, so that Jira accepts the document and nothing is lost to the reader.
 */
final class AdfWriter {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** The block kinds ADF allows inside a list item or a blockquote. */
  private enum Container {
    DOCUMENT,
    NESTED
  }

  private AdfWriter() {}

  static ObjectNode document(Node document) {
    ObjectNode doc = JSON.objectNode();
    doc.put("type", "doc");
    doc.put("version", 1);
    ArrayNode content = doc.putArray("content");
    blocks(document, content, Container.DOCUMENT);
    return doc;
  }

  private static void blocks(Node parent, ArrayNode out, Container container) {
    for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
      block(child, out, container);
    }
  }

  private static void block(Node node, ArrayNode out, Container container) {
    if (node instanceof Paragraph) {
      out.add(withInlines("paragraph", node));
    } else if (node instanceof ListBlock list) {
      out.add(list(list));
    } else if (node instanceof FencedCodeBlock code) {
      out.add(codeBlock(code.getInfo(), code.getLiteral()));
    } else if (node instanceof IndentedCodeBlock code) {
      out.add(codeBlock(null, code.getLiteral()));
    } else if (node instanceof HtmlBlock html) {
      out.add(withInlines("paragraph", PlainText.literalParagraph(html.getLiteral())));
    } else if (node instanceof LinkReferenceDefinition) {
      return; // already resolved into the links that use it
    } else if (container == Container.NESTED) {
      if (node instanceof BlockQuote) {
        blocks(node, out, container);
      } else if (node instanceof Heading) {
        out.add(withInlines("paragraph", node));
      } else if (!(node instanceof ThematicBreak)) {
        out.add(paragraphOf(PlainText.of(node)));
      }
    } else if (node instanceof Heading heading) {
      ObjectNode adf = withInlines("heading", heading);
      adf.putObject("attrs").put("level", heading.getLevel());
      out.add(reorder(adf));
    } else if (node instanceof BlockQuote) {
      ObjectNode quote = node("blockquote");
      blocks(node, quote.putArray("content"), Container.NESTED);
      out.add(quote);
    } else if (node instanceof ThematicBreak) {
      out.add(node("rule"));
    } else if (node instanceof TableBlock) {
      out.add(table(node));
    } else {
      out.add(paragraphOf(PlainText.of(node)));
    }
  }

  private static ObjectNode list(ListBlock list) {
    ObjectNode adf;
    if (list instanceof OrderedList ordered) {
      adf = node("orderedList");
      Integer start = ordered.getMarkerStartNumber();
      if (start != null && start != 1) {
        adf.putObject("attrs").put("order", start);
      }
    } else {
      adf = node("bulletList");
    }
    ArrayNode items = adf.putArray("content");
    for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
      ObjectNode listItem = node("listItem");
      ArrayNode content = listItem.putArray("content");
      if (item instanceof ListItem) {
        blocks(item, content, Container.NESTED);
      } else {
        block(item, content, Container.NESTED);
      }
      if (content.isEmpty()) {
        content.add(node("paragraph"));
      }
      items.add(listItem);
    }
    return adf;
  }

  private static ObjectNode codeBlock(String info, String literal) {
    ObjectNode code = node("codeBlock");
    String language = info == null ? "" : info.strip().split("\\s+", 2)[0];
    if (!language.isEmpty()) {
      code.putObject("attrs").put("language", language);
    }
    String text = literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
    if (!text.isEmpty()) {
      code.putArray("content").add(text(text, List.of()));
    }
    return code;
  }

  private static ObjectNode table(Node table) {
    ObjectNode adf = node("table");
    ArrayNode rows = adf.putArray("content");
    for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
      for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
        if (!(row instanceof TableRow)) {
          continue;
        }
        ObjectNode tableRow = node("tableRow");
        ArrayNode cells = tableRow.putArray("content");
        for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
          boolean header = cell instanceof TableCell tableCell && tableCell.isHeader();
          ObjectNode adfCell = node(header ? "tableHeader" : "tableCell");
          adfCell.putArray("content").add(withInlines("paragraph", cell));
          cells.add(adfCell);
        }
        rows.add(tableRow);
      }
    }
    return adf;
  }

  private static ObjectNode paragraphOf(String text) {
    ObjectNode paragraph = node("paragraph");
    if (!text.isEmpty()) {
      paragraph.putArray("content").add(text(text, List.of()));
    }
    return paragraph;
  }

  private static ObjectNode withInlines(String type, Node parent) {
    ObjectNode adf = node(type);
    ArrayNode content = JSON.arrayNode();
    inlines(parent, new ArrayList<>(), content);
    if (!content.isEmpty()) {
      adf.set("content", content);
    }
    return adf;
  }

  /** Puts attrs before content, the order Atlassian's own examples use. */
  private static ObjectNode reorder(ObjectNode adf) {
    JsonNode content = adf.remove("content");
    if (content != null) {
      adf.set("content", content);
    }
    return adf;
  }

  private static void inlines(Node parent, List<AdfMark> marks, ArrayNode out) {
    for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
      inline(child, marks, out);
    }
  }

  private static void inline(Node node, List<AdfMark> marks, ArrayNode out) {
    if (node instanceof Text text) {
      appendText(out, text.getLiteral(), marks);
    } else if (node instanceof HtmlInline html) {
      appendText(out, html.getLiteral(), marks);
    } else if (node instanceof SoftLineBreak) {
      appendText(out, " ", marks);
    } else if (node instanceof HardLineBreak) {
      out.add(node("hardBreak"));
    } else if (node instanceof Code code) {
      List<AdfMark> codeMarks = new ArrayList<>();
      for (AdfMark mark : marks) {
        if (mark.isLink()) {
          codeMarks.add(mark);
        }
      }
      codeMarks.add(AdfMark.CODE);
      appendText(out, code.getLiteral(), codeMarks);
    } else if (node instanceof Emphasis) {
      inlines(node, with(marks, AdfMark.EM), out);
    } else if (node instanceof StrongEmphasis) {
      inlines(node, with(marks, AdfMark.STRONG), out);
    } else if (node instanceof Strikethrough) {
      inlines(node, with(marks, AdfMark.STRIKE), out);
    } else if (node instanceof Link link) {
      inlines(node, with(marks, AdfMark.link(link.getDestination(), link.getTitle())), out);
    } else if (node instanceof Image image) {
      List<AdfMark> linked = with(marks, AdfMark.link(image.getDestination(), image.getTitle()));
      String alt = PlainText.of(image);
      appendText(out, alt.isEmpty() ? image.getDestination() : alt, linked);
    } else {
      inlines(node, marks, out);
    }
  }

  private static List<AdfMark> with(List<AdfMark> marks, AdfMark mark) {
    List<AdfMark> result = new ArrayList<>(marks);
    if (!result.contains(mark)) {
      result.add(mark);
    }
    return result;
  }

  /** Appends text, merging it into the previous text node when both carry the same marks. */
  private static void appendText(ArrayNode out, String literal, List<AdfMark> marks) {
    if (literal.isEmpty()) {
      return;
    }
    List<AdfMark> sorted = AdfMark.canonical(marks);
    if (!out.isEmpty()) {
      JsonNode last = out.get(out.size() - 1);
      if ("text".equals(last.path("type").asText())
          && Set.copyOf(AdfMark.canonical(AdfMark.read(last))).equals(Set.copyOf(sorted))) {
        ((ObjectNode) last).put("text", last.get("text").asText() + literal);
        return;
      }
    }
    out.add(text(literal, sorted));
  }

  private static ObjectNode text(String literal, List<AdfMark> marks) {
    ObjectNode text = node("text");
    text.put("text", literal);
    if (!marks.isEmpty()) {
      ArrayNode array = text.putArray("marks");
      for (AdfMark mark : marks) {
        array.add(mark.toJson());
      }
    }
    return text;
  }

  private static ObjectNode node(String type) {
    ObjectNode node = JSON.objectNode();
    node.put("type", type);
    return node;
  }
}
