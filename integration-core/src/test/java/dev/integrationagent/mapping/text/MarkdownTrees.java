package dev.integrationagent.mapping.text;

import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.Block;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Document;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;

/**
 * Generates Markdown documents from the constructs the converters support, as Markdown in the
 * normalised form the converters print. Trees are built fresh on every use (commonmark nodes are
 * mutable), so each arbitrary yields a supplier.
 */
final class MarkdownTrees {
  /** Which nestings the target format can express. */
  enum Target {
    /** Jira ADF: no quote in a quote, no heading, rule or table inside a quote or list. */
    ADF,
    /** Redmine Textile: list items hold one paragraph and nested lists, lists start at 1. */
    TEXTILE,
    /**
     * Anything Markdown allows: every block in lists and quotes, several blocks per list item, hard
     * breaks, images, inline HTML and marks glued to words.
     */
    ANY
  }

  private static final String SPECIALS = "*_-+@#[]()!<>|\\`~=^%\"'.:&";

  private MarkdownTrees() {}

  static Arbitrary<String> documents(Target target) {
    return blocks(target, 2, true)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(
            blocks -> {
              Document document = new Document();
              blocks.forEach(block -> document.appendChild(block.get()));
              return MarkdownSupport.render(document);
            })
        .filter(markdown -> target == Target.ANY || isNormalised(markdown));
  }

  /**
   * Whether commonmark reads the Markdown back as printed. Some trees print ambiguously (two
   * adjacent lists of one kind print as one loose list); those are not in the normalised form.
   */
  private static boolean isNormalised(String markdown) {
    Node parsed = MarkdownSupport.parse(markdown);
    return MarkdownSupport.render(parsed).equals(markdown) && listsAreNormalised(parsed);
  }

  /** Looseness is not content: the converters print a list loose only when it has to be. */
  private static boolean listsAreNormalised(Node node) {
    if (node instanceof ListBlock list && list.isTight() != AdfReader.isTight(list)) {
      return false;
    }
    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
      if (!listsAreNormalised(child)) {
        return false;
      }
    }
    return true;
  }

  private static Arbitrary<Supplier<Node>> blocks(Target target, int depth, boolean topLevel) {
    Arbitrary<Supplier<Node>> paragraph = inlines(target, false).map(MarkdownTrees::paragraph);
    Arbitrary<Supplier<Node>> code = codeBlocks();
    Arbitrary<Supplier<Node>> list = lists(target, depth);
    if (depth == 0) {
      return Arbitraries.oneOf(paragraph, code);
    }
    Arbitrary<Supplier<Node>> quote = quotes(target, depth);
    if (!topLevel && target != Target.ANY) {
      return Arbitraries.oneOf(paragraph, code, list);
    }
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, paragraph),
        net.jqwik.api.Tuple.of(2, headings(target)),
        net.jqwik.api.Tuple.of(2, code),
        net.jqwik.api.Tuple.of(3, list),
        net.jqwik.api.Tuple.of(2, quote),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(ThematicBreak::new)),
        net.jqwik.api.Tuple.of(1, tables(target)));
  }

  private static Supplier<Node> paragraph(List<Supplier<Node>> inlines) {
    return () -> fill(new Paragraph(), inlines);
  }

  private static Arbitrary<Supplier<Node>> headings(Target target) {
    return Combinators.combine(Arbitraries.integers().between(1, 6), inlines(target, true))
        .as(
            (level, inlines) ->
                () -> {
                  Heading heading = new Heading();
                  heading.setLevel(level);
                  return fill(heading, inlines);
                });
  }

  private static Arbitrary<Supplier<Node>> codeBlocks() {
    Arbitrary<String> language = Arbitraries.of("", "java", "json", "sh");
    Arbitrary<String> line =
        Arbitraries.strings().withChars("abc xyz{}();<>*_#|\"=").ofMaxLength(20);
    return Combinators.combine(language, line.list().ofMinSize(1).ofMaxSize(3))
        .as(
            (lang, lines) ->
                () -> {
                  FencedCodeBlock code = new FencedCodeBlock();
                  if (!lang.isEmpty()) {
                    code.setInfo(lang);
                  }
                  code.setFenceCharacter("`");
                  code.setOpeningFenceLength(3);
                  code.setClosingFenceLength(3);
                  code.setLiteral(String.join("\n", lines).strip() + "x\n");
                  return code;
                });
  }

  private static Arbitrary<Supplier<Node>> lists(Target target, int depth) {
    Arbitrary<Supplier<Node>> nested =
        depth > 1
            ? lists(target, depth - 1).optional().map(o -> o.orElse(null))
            : Arbitraries.just(null);
    Arbitrary<List<Supplier<Node>>> extra =
        target == Target.ANY && depth > 1
            ? blocks(target, depth - 1, false).list().ofMaxSize(2)
            : Arbitraries.just(List.of());
    Arbitrary<Supplier<Node>> item =
        Combinators.combine(inlines(target, false), nested, extra)
            .as(
                (inlines, sublist, more) ->
                    () -> {
                      ListItem listItem = new ListItem();
                      listItem.appendChild(fill(new Paragraph(), inlines));
                      if (sublist != null) {
                        listItem.appendChild((Block) sublist.get());
                      }
                      more.forEach(block -> listItem.appendChild((Block) block.get()));
                      return listItem;
                    });
    Arbitrary<Integer> start =
        target == Target.TEXTILE ? Arbitraries.just(1) : Arbitraries.of(1, 1, 3);
    return Combinators.combine(
            Arbitraries.of(true, false), start, item.list().ofMinSize(1).ofMaxSize(3))
        .as(
            (ordered, first, items) ->
                () -> {
                  ListBlock list;
                  if (ordered) {
                    OrderedList orderedList = new OrderedList();
                    orderedList.setMarkerStartNumber(first);
                    orderedList.setMarkerDelimiter(".");
                    list = orderedList;
                  } else {
                    list = new BulletList();
                  }
                  items.forEach(listItem -> list.appendChild(listItem.get()));
                  list.setTight(AdfReader.isTight(list));
                  return list;
                });
  }

  private static Arbitrary<Supplier<Node>> quotes(Target target, int depth) {
    return blocks(target, depth - 1, false)
        .list()
        .ofMinSize(1)
        .ofMaxSize(2)
        .map(
            children ->
                () -> {
                  BlockQuote quote = new BlockQuote();
                  children.forEach(child -> quote.appendChild(child.get()));
                  return quote;
                });
  }

  private static Arbitrary<Supplier<Node>> tables(Target target) {
    Arbitrary<String> cell = Arbitraries.oneOf(words(), plainText());
    Arbitrary<List<TableCell.Alignment>> alignments =
        target == Target.ADF
            ? Arbitraries.just(java.util.Arrays.asList(null, null, null))
            : Arbitraries.of(TableCell.Alignment.values()).injectNull(0.5).list().ofSize(3);
    return Combinators.combine(
            Arbitraries.integers().between(1, 3),
            Arbitraries.integers().between(0, 2),
            cell.list().ofSize(12),
            alignments)
        .as(
            (columns, bodyRows, texts, align) ->
                () -> {
                  TableBlock table = new TableBlock();
                  TableHead head = new TableHead();
                  table.appendChild(head);
                  TableBody body = new TableBody();
                  int next = 0;
                  for (int r = 0; r <= bodyRows; r++) {
                    TableRow row = new TableRow();
                    for (int c = 0; c < columns; c++) {
                      TableCell tableCell = new TableCell();
                      tableCell.setHeader(r == 0);
                      tableCell.setAlignment(align.get(c));
                      tableCell.appendChild(new Text(texts.get(next++)));
                      row.appendChild(tableCell);
                    }
                    (r == 0 ? head : body).appendChild(row);
                  }
                  if (body.getFirstChild() != null) {
                    table.appendChild(body);
                  }
                  return table;
                });
  }

  /** Segments separated by spaces: plain text with special characters, or marked words. */
  private static Arbitrary<List<Supplier<Node>>> inlines(Target target, boolean heading) {
    Arbitrary<Supplier<Node>> plain = plainText().map(text -> () -> new Text(text));
    Arbitrary<Supplier<Node>> strong = words().map(w -> () -> wrap(new StrongEmphasis("**"), w));
    Arbitrary<Supplier<Node>> em = words().map(w -> () -> wrap(new Emphasis("*"), w));
    Arbitrary<Supplier<Node>> strike = words().map(w -> () -> wrap(new Strikethrough("~~"), w));
    Arbitrary<Supplier<Node>> code =
        Arbitraries.strings()
            .withChars("abc*_[]<>#|`@ ")
            .ofMinLength(1)
            .ofMaxLength(6)
            .map(s -> () -> new Code("c" + s + "c"));
    Arbitrary<Supplier<Node>> link =
        Combinators.combine(
                words(),
                Arbitraries.strings()
                    .alpha()
                    .numeric()
                    .withChars("()?=&_*-.~")
                    .ofMinLength(1)
                    .ofMaxLength(8))
            .as((text, path) -> () -> wrap(new Link("https://example.com/" + path, null), text));
    Arbitrary<Supplier<Node>> segment =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, plain),
            net.jqwik.api.Tuple.of(1, strong),
            net.jqwik.api.Tuple.of(1, em),
            net.jqwik.api.Tuple.of(1, strike),
            net.jqwik.api.Tuple.of(1, code),
            net.jqwik.api.Tuple.of(1, link));
    if (target == Target.ANY) {
      Arbitrary<Supplier<Node>> hardBreak = Arbitraries.just(HardLineBreak::new);
      Arbitrary<Supplier<Node>> image =
          words().map(alt -> () -> wrap(new Image("https://example.com/i.png", null), alt));
      Arbitrary<Supplier<Node>> html = words().map(w -> () -> html("<b>" + w + "</b>"));
      Arbitrary<Supplier<Node>> any =
          Arbitraries.oneOf(segment, segment, segment, heading ? segment : hardBreak, image, html);
      return any.list()
          .ofMinSize(1)
          .ofMaxSize(6)
          .map(List::copyOf)
          .filter(
              list ->
                  !(list.get(0).get() instanceof HardLineBreak)
                      && !(list.get(list.size() - 1).get() instanceof HardLineBreak));
    }
    return segment
        .list()
        .ofMinSize(1)
        .ofMaxSize(heading ? 3 : 5)
        .map(
            segments -> {
              java.util.ArrayList<Supplier<Node>> spaced = new java.util.ArrayList<>();
              for (Supplier<Node> piece : segments) {
                if (!spaced.isEmpty()) {
                  spaced.add(() -> new Text(" "));
                }
                spaced.add(piece);
              }
              return spaced;
            });
  }

  static Arbitrary<String> words() {
    return Arbitraries.strings()
        .alpha()
        .numeric()
        .ofMinLength(1)
        .ofMaxLength(6)
        .list()
        .ofMinSize(1)
        .ofMaxSize(2)
        .map(words -> String.join(" ", words));
  }

  /** Words and typed punctuation, starting and ending with a letter so that nothing trims. */
  static Arbitrary<String> plainText() {
    Arbitrary<String> special =
        Arbitraries.strings().withChars(SPECIALS).ofMinLength(1).ofMaxLength(3);
    Arbitrary<String> word = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5);
    Arbitrary<String> token = Arbitraries.oneOf(word, word, special, special.map(s -> s + "w"));
    return token
        .list()
        .ofMinSize(1)
        .ofMaxSize(5)
        .map(tokens -> "a" + String.join(" ", tokens) + "z");
  }

  private static Node html(String literal) {
    HtmlInline html = new HtmlInline();
    html.setLiteral(literal);
    return html;
  }

  private static Node wrap(Node wrapper, String text) {
    wrapper.appendChild(new Text(text));
    return wrapper;
  }

  private static <T extends Node> T fill(T parent, List<Supplier<Node>> children) {
    children.forEach(child -> parent.appendChild(child.get()));
    return parent;
  }
}
