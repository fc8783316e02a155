package dev.integrationagent.mapping.text;

import static dev.integrationagent.mapping.text.AdfInlines.inlineOnly;
import static dev.integrationagent.mapping.text.AdfInlines.inlines;
import static dev.integrationagent.mapping.text.AdfJson.attrs;
import static dev.integrationagent.mapping.text.AdfJson.content;
import static dev.integrationagent.mapping.text.AdfJson.invalid;
import static dev.integrationagent.mapping.text.AdfJson.requireObject;
import static dev.integrationagent.mapping.text.AdfJson.string;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Document;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an ADF document into a Markdown tree. Structure it cannot trust (wrong JSON types) is
 * rejected naming the JSON path; node types and marks it does not know degrade to their text.
 */
final class AdfReader {
  private static final Set<String> BLOCK_TYPES =
      Set.of(
          "paragraph",
          "heading",
          "bulletList",
          "orderedList",
          "listItem",
          "codeBlock",
          "blockquote",
          "rule",
          "table",
          "panel",
          "expand",
          "nestedExpand",
          "mediaSingle",
          "mediaGroup",
          "blockCard",
          "embedCard",
          "taskList",
          "decisionList");

  private static final Logger log = LoggerFactory.getLogger(AdfReader.class);

  private AdfReader() {}

  static Document read(JsonNode root) {
    requireObject(root, "$");
    String type = string(root, "type", "$");
    if (!"doc".equals(type)) {
      throw invalid("$.type", "must be \"doc\" but was \"" + type + "\"");
    }
    Document document = new Document();
    blocks(root, "$", document);
    return document;
  }

  private static void blocks(JsonNode node, String path, Node parent) {
    List<JsonNode> children = content(node, path);
    for (int i = 0; i < children.size(); i++) {
      block(children.get(i), path + ".content[" + i + "]", parent);
    }
  }

  private static void block(JsonNode node, String path, Node parent) {
    // ADF nests only lists, paragraphs and code in list items and quotes; read other nestings
    // the way AdfWriter writes them, so that a second round changes nothing.
    boolean nested = !(parent instanceof Document);
    requireObject(node, path);
    String type = string(node, "type", path);
    switch (type) {
      case "paragraph" -> parent.appendChild(inlines(node, path, new Paragraph()));
      case "heading" -> {
        if (nested) {
          parent.appendChild(inlines(node, path, new Paragraph()));
        } else {
          Heading heading = new Heading();
          int level = attrs(node, path).path("level").asInt(1);
          heading.setLevel(Math.max(1, Math.min(6, level)));
          parent.appendChild(inlines(node, path, heading));
        }
      }
      case "bulletList", "taskList", "decisionList" ->
          parent.appendChild(list(node, path, new BulletList()));
      case "orderedList" -> {
        OrderedList list = new OrderedList();
        int order = attrs(node, path).path("order").asInt(1);
        list.setMarkerStartNumber(Math.max(0, order));
        list.setMarkerDelimiter(".");
        parent.appendChild(list(node, path, list));
      }
      case "listItem" -> {
        ListItem item = new ListItem();
        blocks(node, path, item);
        parent.appendChild(item);
      }
      case "taskItem", "decisionItem" -> {
        ListItem item = new ListItem();
        Paragraph paragraph = new Paragraph();
        if ("taskItem".equals(type)) {
          boolean done = "DONE".equals(attrs(node, path).path("state").asText());
          paragraph.appendChild(new Text(done ? "[x] " : "[ ] "));
        }
        item.appendChild(inlines(node, path, paragraph));
        parent.appendChild(item);
      }
      case "codeBlock" -> parent.appendChild(codeBlock(node, path));
      case "blockquote" -> {
        Node quote = nested ? parent : new BlockQuote();
        if (!nested) {
          parent.appendChild(quote);
        }
        blocks(node, path, quote);
      }
      case "panel" -> {
        Node quote = nested ? parent : new BlockQuote();
        String panelType = attrs(node, path).path("panelType").asText("info");
        Paragraph label = new Paragraph();
        StrongEmphasis strong = new StrongEmphasis("**");
        strong.appendChild(new Text(capitalize(panelType) + ":"));
        label.appendChild(strong);
        quote.appendChild(label);
        blocks(node, path, quote);
        if (!nested) {
          parent.appendChild(quote);
        }
      }
      case "expand", "nestedExpand" -> {
        String title = attrs(node, path).path("title").asText("");
        if (!title.isBlank()) {
          Paragraph label = new Paragraph();
          StrongEmphasis strong = new StrongEmphasis("**");
          strong.appendChild(new Text(title));
          label.appendChild(strong);
          parent.appendChild(label);
        }
        blocks(node, path, parent);
      }
      case "rule" -> {
        if (!nested) {
          parent.appendChild(new ThematicBreak());
        } // ADF allows rules only at the top; a nested one has no text to keep
      }
      case "table" -> {
        TableBlock table = table(node, path);
        parent.appendChild(nested ? PlainText.literalParagraph(PlainText.of(table)) : table);
      }
      case "mediaSingle", "mediaGroup", "blockCard", "embedCard" ->
          parent.appendChild(inlineOnly(node, path));
      default -> unknownBlock(node, path, parent);
    }
  }

  private static void unknownBlock(JsonNode node, String path, Node parent) {
    log.debug(
        "ADF node type {} at {} has no Markdown form; keeping its content", node.get("type"), path);
    List<JsonNode> children = content(node, path);
    boolean hasBlocks =
        children.stream().anyMatch(child -> BLOCK_TYPES.contains(child.path("type").asText()));
    if (hasBlocks) {
      blocks(node, path, parent);
    } else {
      Paragraph paragraph = inlineOnly(node, path);
      if (paragraph.getFirstChild() != null) {
        parent.appendChild(paragraph);
      }
    }
  }

  private static ListBlock list(JsonNode node, String path, ListBlock list) {
    List<JsonNode> children = content(node, path);
    for (int i = 0; i < children.size(); i++) {
      String itemPath = path + ".content[" + i + "]";
      JsonNode child = children.get(i);
      requireObject(child, itemPath);
      String type = string(child, "type", itemPath);
      if (type.equals("listItem") || type.equals("taskItem") || type.equals("decisionItem")) {
        block(child, itemPath, list);
      } else {
        ListItem item = new ListItem();
        block(child, itemPath, item);
        list.appendChild(item);
      }
    }
    list.setTight(isTight(list));
    return list;
  }

  /**
   * Tight unless an item holds blocks that only a blank line can separate in Markdown: a second
   * paragraph, a code block, or an ordered list not starting at 1 (which cannot interrupt a
   * paragraph).
   */
  static boolean isTight(ListBlock list) {
    for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
      for (Node child = item.getFirstChild(); child != null; child = child.getNext()) {
        boolean first = child == item.getFirstChild();
        boolean canInterrupt =
            child instanceof BulletList
                || (child instanceof OrderedList ordered
                    && Integer.valueOf(1).equals(ordered.getMarkerStartNumber()));
        if (!first && !canInterrupt) {
          return false;
        }
      }
    }
    return true;
  }

  private static FencedCodeBlock codeBlock(JsonNode node, String path) {
    FencedCodeBlock code = new FencedCodeBlock();
    JsonNode language = attrs(node, path).path("language");
    if (language.isTextual() && !language.asText().isBlank()) {
      code.setInfo(language.asText().strip().split("\\s+", 2)[0]);
    }
    StringBuilder literal = new StringBuilder();
    List<JsonNode> children = content(node, path);
    for (int i = 0; i < children.size(); i++) {
      literal.append(textContent(children.get(i), path + ".content[" + i + "]"));
    }
    code.setLiteral(literal.append('\n').toString());
    int fence = Math.max(3, longestRun(literal, '`') + 1);
    code.setFenceCharacter("`");
    code.setOpeningFenceLength(fence);
    code.setClosingFenceLength(fence);
    return code;
  }

  private static TableBlock table(JsonNode node, String path) {
    List<List<TableCell>> rows = new ArrayList<>();
    List<JsonNode> children = content(node, path);
    int columns = 0;
    for (int r = 0; r < children.size(); r++) {
      String rowPath = path + ".content[" + r + "]";
      JsonNode row = children.get(r);
      requireObject(row, rowPath);
      List<TableCell> cells = new ArrayList<>();
      List<JsonNode> adfCells = content(row, rowPath);
      for (int c = 0; c < adfCells.size(); c++) {
        String cellPath = rowPath + ".content[" + c + "]";
        JsonNode adfCell = adfCells.get(c);
        requireObject(adfCell, cellPath);
        TableCell cell = new TableCell();
        cell.setHeader("tableHeader".equals(string(adfCell, "type", cellPath)));
        appendCellContent(adfCell, cellPath, cell);
        cells.add(cell);
      }
      columns = Math.max(columns, cells.size());
      rows.add(cells);
    }
    TableBlock table = new TableBlock();
    TableHead head = new TableHead();
    TableBody body = new TableBody();
    table.appendChild(head);
    for (int r = 0; r < rows.size(); r++) {
      TableRow row = new TableRow();
      for (TableCell cell : rows.get(r)) {
        cell.setHeader(r == 0);
        row.appendChild(cell);
      }
      for (int pad = rows.get(r).size(); pad < columns; pad++) {
        TableCell empty = new TableCell();
        empty.setHeader(r == 0);
        row.appendChild(empty);
      }
      (r == 0 ? head : body).appendChild(row);
    }
    if (body.getFirstChild() != null) {
      table.appendChild(body);
    }
    return table;
  }

  /** A Markdown cell holds one line: the cell's paragraphs join with a space. */
  private static void appendCellContent(JsonNode cell, String path, TableCell target) {
    List<JsonNode> blocks = content(cell, path);
    for (int i = 0; i < blocks.size(); i++) {
      String blockPath = path + ".content[" + i + "]";
      Document scratch = new Document();
      block(blocks.get(i), blockPath, scratch);
      for (Node child = scratch.getFirstChild(); child != null; ) {
        Node next = child.getNext();
        if (target.getFirstChild() != null) {
          target.appendChild(new Text(" "));
        }
        if (child instanceof Paragraph || child instanceof Heading) {
          for (Node inline = child.getFirstChild(); inline != null; ) {
            Node following = inline.getNext();
            target.appendChild(inline instanceof HardLineBreak ? new Text(" ") : inline);
            inline = following;
          }
        } else {
          String text = PlainText.of(child);
          if (!text.isEmpty()) {
            target.appendChild(new Text(text));
          }
        }
        child = next;
      }
    }
  }

  private static String textContent(JsonNode node, String path) {
    requireObject(node, path);
    StringBuilder text = new StringBuilder();
    if (node.has("text")) {
      text.append(string(node, "text", path));
    }
    List<JsonNode> children = content(node, path);
    for (int i = 0; i < children.size(); i++) {
      text.append(textContent(children.get(i), path + ".content[" + i + "]"));
    }
    return text.toString();
  }

  private static String capitalize(String word) {
    return word.isEmpty()
        ? word
        : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
  }

  private static int longestRun(CharSequence text, char c) {
    int longest = 0;
    int current = 0;
    for (int i = 0; i < text.length(); i++) {
      current = text.charAt(i) == c ? current + 1 : 0;
      longest = Math.max(longest, current);
    }
    return longest;
  }
}
