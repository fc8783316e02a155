package dev.integrationagent.mapping.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.Nullable;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Document;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.ThematicBreak;

/**
 * Reads Redmine Textile into a Markdown tree. Blocks are separated by blank lines, as in RedCloth;
 * a {@code <pre>} block runs to its closing tag, blank lines included.
 */
final class TextileReader {
  private static final String MODIFIERS = "(?:\\([^)]*\\)|\\{[^}]*}|\\[[^]]*]|[<>=]+)*";
  private static final Pattern HEADING =
      Pattern.compile("^h([1-6])" + MODIFIERS + "\\. ?(.*)$", Pattern.DOTALL);
  private static final Pattern QUOTE =
      Pattern.compile("^bq" + MODIFIERS + "\\.\\.? ?(.*)$", Pattern.DOTALL);
  private static final Pattern PARAGRAPH =
      Pattern.compile("^p" + MODIFIERS + "\\. ?(.*)$", Pattern.DOTALL);
  private static final Pattern CODE =
      Pattern.compile("^(?:bc|pre)" + MODIFIERS + "\\.\\.? ?(.*)$", Pattern.DOTALL);
  private static final Pattern LIST_ITEM = Pattern.compile("^([*#]+) +(\\S.*)$");
  private static final Pattern RULE = Pattern.compile("^(?:-{3,}|\\*{3,}|<hr\\s*/?>)\\s*$");
  private static final Pattern PRE_OPEN =
      Pattern.compile("^<pre[^>]*>(?:\\s*<code(?:\\s+class=\"(?:language-)?([^\"]*)\")?[^>]*>)?");
  private static final Pattern CELL_MODIFIERS =
      Pattern.compile("^(_)?((?:<>|[<>=^~])*)(?:\\{[^}]*})?\\.(?: |$)");

  private final String[] lines;
  private int index;

  private TextileReader(String textile) {
    this.lines = textile.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
  }

  static Document read(String textile) {
    Document document = new Document();
    new TextileReader(textile).blocks(document);
    return document;
  }

  private void blocks(Node parent) {
    while (index < lines.length) {
      String line = lines[index];
      if (line.isBlank()) {
        index++;
      } else if (PRE_OPEN.matcher(line).find()) {
        parent.appendChild(pre());
      } else {
        block(paragraphLines(), parent);
      }
    }
  }

  /** The lines up to the next blank line (or {@code <pre>}, which always starts a block). */
  private List<String> paragraphLines() {
    List<String> block = new ArrayList<>();
    block.add(lines[index++]);
    while (index < lines.length && !lines[index].isBlank() && !lines[index].startsWith("<pre")) {
      block.add(lines[index++]);
    }
    return block;
  }

  private static void block(List<String> block, Node parent) {
    String first = block.get(0);
    String joined = String.join("\n", block);
    Matcher matcher;
    if ((matcher = HEADING.matcher(joined)).matches()) {
      Heading heading = new Heading();
      heading.setLevel(Integer.parseInt(matcher.group(1)));
      TextileInline.parse(matcher.group(2).replace('\n', ' ').strip(), heading);
      parent.appendChild(heading);
    } else if ((matcher = QUOTE.matcher(joined)).matches()) {
      BlockQuote quote = new BlockQuote();
      quote.appendChild(paragraph(matcher.group(1)));
      parent.appendChild(quote);
    } else if (first.startsWith(">")) {
      StringBuilder inner = new StringBuilder();
      for (String line : block) {
        String stripped = line.startsWith(">") ? line.substring(1) : line;
        inner.append(stripped.startsWith(" ") ? stripped.substring(1) : stripped).append('\n');
      }
      BlockQuote quote = new BlockQuote();
      new TextileReader(inner.toString()).blocks(quote);
      parent.appendChild(quote);
    } else if ((matcher = CODE.matcher(joined)).matches()) {
      FencedCodeBlock code = new FencedCodeBlock();
      code.setFenceCharacter("`");
      code.setOpeningFenceLength(3);
      code.setClosingFenceLength(3);
      code.setLiteral(withoutClosingTags(matcher.group(1) + "\n"));
      parent.appendChild(code);
    } else if (LIST_ITEM.matcher(first).matches()) {
      list(block, parent);
    } else if (first.startsWith("|")) {
      parent.appendChild(table(block));
    } else if (block.size() == 1 && RULE.matcher(first).matches()) {
      parent.appendChild(new ThematicBreak());
    } else if ((matcher = PARAGRAPH.matcher(joined)).matches()) {
      parent.appendChild(paragraph(matcher.group(1)));
    } else {
      parent.appendChild(paragraph(joined));
    }
  }

  private static Paragraph paragraph(String text) {
    Paragraph paragraph = new Paragraph();
    TextileInline.parse(text.strip(), paragraph);
    return paragraph;
  }

  private FencedCodeBlock pre() {
    Matcher open = PRE_OPEN.matcher(lines[index]);
    open.find();
    String language = open.group(1);
    StringBuilder body = new StringBuilder(lines[index].substring(open.end()));
    index++;
    int close;
    while ((close = body.indexOf("</pre>")) < 0 && index < lines.length) {
      body.append('\n').append(lines[index++]);
    }
    String content = close < 0 ? body.toString() : body.substring(0, close);
    content = content.replaceFirst("</code>\\s*$", "");
    if (content.startsWith("\n")) {
      content = content.substring(1);
    }
    if (!content.endsWith("\n")) {
      content += "\n";
    }
    FencedCodeBlock code = new FencedCodeBlock();
    if (language != null && !language.isBlank()) {
      code.setInfo(language.strip());
    }
    int fence = Math.max(3, longestBacktickRun(content) + 1);
    code.setFenceCharacter("`");
    code.setOpeningFenceLength(fence);
    code.setClosingFenceLength(fence);
    code.setLiteral(withoutClosingTags(content));
    return code;
  }

  /** Nesting by repetition: {@code **} is an item of a list inside the last {@code *} item. */
  private static void list(List<String> block, Node parent) {
    record Open(ListBlock list, String marker) {}
    Deque<Open> open = new ArrayDeque<>();
    List<String> texts = new ArrayList<>();
    List<Paragraph> items = new ArrayList<>();
    for (String line : block) {
      Matcher matcher = LIST_ITEM.matcher(line);
      if (!matcher.matches()) {
        int last = texts.size() - 1;
        texts.set(last, texts.get(last) + "\n" + line);
        continue;
      }
      String marker = matcher.group(1);
      while (!open.isEmpty()
          && !open.peek().marker().equals(marker)
          && !(marker.length() > open.peek().marker().length()
              && marker.startsWith(open.peek().marker()))) {
        open.pop();
      }
      if (open.isEmpty() || !open.peek().marker().equals(marker)) {
        ListBlock list = marker.endsWith("#") ? ordered() : new BulletList();
        list.setTight(true);
        if (open.isEmpty()) {
          parent.appendChild(list);
        } else {
          open.peek().list().getLastChild().appendChild(list);
        }
        open.push(new Open(list, marker));
      }
      ListItem item = new ListItem();
      Paragraph paragraph = new Paragraph();
      item.appendChild(paragraph);
      open.peek().list().appendChild(item);
      items.add(paragraph);
      texts.add(matcher.group(2));
    }
    for (int i = 0; i < items.size(); i++) {
      TextileInline.parse(texts.get(i).strip(), items.get(i));
    }
  }

  private static OrderedList ordered() {
    OrderedList list = new OrderedList();
    list.setMarkerStartNumber(1);
    list.setMarkerDelimiter(".");
    return list;
  }

  /** The first row is the header row, as GFM requires one; rows are padded to equal width. */
  private static TableBlock table(List<String> block) {
    List<List<String>> rows = new ArrayList<>();
    int columns = 0;
    for (String line : block) {
      if (!line.startsWith("|")) {
        if (!rows.isEmpty()) {
          List<String> last = rows.get(rows.size() - 1);
          last.set(last.size() - 1, last.get(last.size() - 1) + " " + line.strip());
        }
        continue;
      }
      List<String> cells = cells(line);
      rows.add(cells);
      columns = Math.max(columns, cells.size());
    }
    TableBlock table = new TableBlock();
    TableHead head = new TableHead();
    TableBody body = new TableBody();
    table.appendChild(head);
    TableCell.Alignment[] alignments = new TableCell.Alignment[columns];
    List<TableCell> cells = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      TableRow row = new TableRow();
      for (int c = 0; c < columns; c++) {
        TableCell cell = new TableCell();
        cell.setHeader(r == 0);
        if (c < rows.get(r).size()) {
          String text = rows.get(r).get(c).strip();
          Matcher modifiers = CELL_MODIFIERS.matcher(text);
          if (modifiers.find()) {
            text = text.substring(modifiers.end()).strip();
            if (alignments[c] == null) {
              alignments[c] = alignment(modifiers.group(2));
            }
          }
          TextileInline.parse(text, cell);
        }
        row.appendChild(cell);
        cells.add(cell);
      }
      (r == 0 ? head : body).appendChild(row);
    }
    // Markdown aligns whole columns: the first aligned cell of a column decides.
    for (int i = 0; i < cells.size(); i++) {
      cells.get(i).setAlignment(alignments[i % columns]);
    }
    if (body.getFirstChild() != null) {
      table.appendChild(body);
    }
    return table;
  }

  private static @Nullable TableCell.Alignment alignment(String modifiers) {
    if (modifiers.contains("<>")) {
      return null;
    } else if (modifiers.contains("=")) {
      return TableCell.Alignment.CENTER;
    } else if (modifiers.contains(">")) {
      return TableCell.Alignment.RIGHT;
    } else if (modifiers.contains("<")) {
      return TableCell.Alignment.LEFT;
    }
    return null;
  }

  /** Splits a row at the pipes that are not inside {@code <notextile>} or {@code <code>}. */
  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    String row = line.strip();
    row =
        row.endsWith("|") && row.length() > 1
            ? row.substring(1, row.length() - 1)
            : row.substring(1);
    StringBuilder cell = new StringBuilder();
    int i = 0;
    while (i < row.length()) {
      int skip = -1;
      if (row.startsWith("<notextile>", i)) {
        skip = row.indexOf("</notextile>", i);
        skip = skip < 0 ? -1 : skip + "</notextile>".length();
      } else if (row.startsWith("<code>", i)) {
        skip = row.indexOf("</code>", i);
        skip = skip < 0 ? -1 : skip + "</code>".length();
      }
      if (skip > 0) {
        cell.append(row, i, skip);
        i = skip;
      } else if (row.charAt(i) == '|') {
        cells.add(cell.toString());
        cell.setLength(0);
        i++;
      } else {
        cell.append(row.charAt(i++));
      }
    }
    cells.add(cell.toString());
    return cells;
  }

  /** What TextileWriter must space out to keep a code block open; read the same way. */
  private static String withoutClosingTags(String code) {
    return code.replace("</pre>", "</ pre>").replace("</code>", "</ code>");
  }

  private static int longestBacktickRun(String text) {
    int longest = 0;
    int current = 0;
    for (int i = 0; i < text.length(); i++) {
      current = text.charAt(i) == '`' ? current + 1 : 0;
      longest = Math.max(longest, current);
    }
    return longest;
  }
}
