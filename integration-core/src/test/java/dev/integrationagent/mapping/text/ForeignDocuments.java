package dev.integrationagent.mapping.text;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generates documents as the other tools write them: ADF with arbitrarily overlapping marks, blanks
 * at mark edges and Jira-only nodes, and Textile assembled from Redmine's markup tokens.
 */
final class ForeignDocuments {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ForeignDocuments() {}

  static Arbitrary<ObjectNode> adf() {
    return adfBlock(2)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(
            blocks -> {
              ObjectNode doc = JSON.objectNode().put("type", "doc").put("version", 1);
              ArrayNode content = doc.putArray("content");
              blocks.forEach(content::add);
              return doc;
            });
  }

  private static Arbitrary<ObjectNode> adfBlock(int depth) {
    Arbitrary<ObjectNode> paragraph = adfInlines().map(inl -> node("paragraph", inl));
    Arbitrary<ObjectNode> heading =
        Combinators.combine(Arbitraries.integers().between(1, 6), adfInlines())
            .as(
                (level, inl) -> {
                  ObjectNode heading1 = node("heading", inl);
                  heading1.putObject("attrs").put("level", level);
                  return heading1;
                });
    Arbitrary<ObjectNode> code =
        Combinators.combine(
                Arbitraries.of("", "java", "python"),
                Arbitraries.strings().withChars("ab \n`*<>#").ofMinLength(1).ofMaxLength(15))
            .as(
                (language, text) -> {
                  ObjectNode block = node("codeBlock", List.of(text(text, List.of())));
                  if (!language.isEmpty()) {
                    block.putObject("attrs").put("language", language);
                  }
                  return block;
                });
    Arbitrary<ObjectNode> rule = Arbitraries.just(JSON.objectNode().put("type", "rule"));
    Arbitrary<ObjectNode> media =
        Arbitraries.strings()
            .alpha()
            .ofMinLength(1)
            .ofMaxLength(6)
            .map(
                name -> {
                  ObjectNode mediaNode = JSON.objectNode().put("type", "media");
                  mediaNode
                      .putObject("attrs")
                      .put("id", name)
                      .put("type", "file")
                      .put("collection", "c");
                  return node("mediaSingle", List.of(mediaNode));
                });
    Arbitrary<ObjectNode> table =
        adfInlines()
            .list()
            .ofMinSize(1)
            .ofMaxSize(4)
            .map(
                cells -> {
                  ArrayNode rows = JSON.arrayNode();
                  for (int r = 0; r < cells.size(); r += 2) {
                    ObjectNode row = JSON.objectNode().put("type", "tableRow");
                    ArrayNode rowCells = row.putArray("content");
                    for (int c = r; c < Math.min(r + 2, cells.size()); c++) {
                      ObjectNode cell =
                          JSON.objectNode().put("type", r == 0 ? "tableHeader" : "tableCell");
                      cell.putArray("content").add(node("paragraph", cells.get(c)));
                      rowCells.add(cell);
                    }
                    rows.add(row);
                  }
                  ObjectNode tableNode = JSON.objectNode().put("type", "table");
                  tableNode.set("content", rows);
                  return tableNode;
                });
    if (depth == 0) {
      return Arbitraries.oneOf(paragraph, code);
    }
    Arbitrary<ObjectNode> nested = adfBlock(depth - 1);
    Arbitrary<ObjectNode> list =
        Combinators.combine(
                Arbitraries.of("bulletList", "orderedList"),
                Arbitraries.integers().between(0, 3),
                Combinators.combine(paragraph, nested.list().ofMaxSize(2))
                    .as(
                        (first, rest) -> {
                          ArrayNode content = JSON.arrayNode().add(first);
                          rest.forEach(content::add);
                          ObjectNode item = JSON.objectNode().put("type", "listItem");
                          item.set("content", content);
                          return item;
                        })
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(3))
            .as(
                (type, order, items) -> {
                  ObjectNode listNode = JSON.objectNode().put("type", type);
                  if (type.equals("orderedList")) {
                    listNode.putObject("attrs").put("order", order);
                  }
                  listNode.putArray("content").addAll(items);
                  return listNode;
                });
    Arbitrary<ObjectNode> container =
        Combinators.combine(
                Arbitraries.of("blockquote", "panel", "expand", "layoutColumn"),
                nested.list().ofMinSize(1).ofMaxSize(2))
            .as(
                (type, children) -> {
                  ObjectNode box = JSON.objectNode().put("type", type);
                  if (type.equals("panel")) {
                    box.putObject("attrs").put("panelType", "note");
                  } else if (type.equals("expand")) {
                    box.putObject("attrs").put("title", "More");
                  }
                  box.putArray("content").addAll(children);
                  return box;
                });
    return Arbitraries.oneOf(paragraph, heading, code, rule, media, table, list, container);
  }

  private static Arbitrary<List<ObjectNode>> adfInlines() {
    Arbitrary<String> text =
        Arbitraries.strings().withChars("ab ~`[]()#<>!|\\-+.@").ofMinLength(1).ofMaxLength(8);
    Arbitrary<List<ObjectNode>> marks =
        Arbitraries.of("strong", "em", "strike", "code", "linkA", "linkB", "underline")
            .set()
            .ofMaxSize(3)
            .map(types -> types.stream().map(ForeignDocuments::mark).toList());
    Arbitrary<ObjectNode> textNode = Combinators.combine(text, marks).as(ForeignDocuments::text);
    Arbitrary<ObjectNode> mention =
        Arbitraries.of("@Ada", "Bob Smith", "")
            .map(
                name -> {
                  ObjectNode mentionNode = JSON.objectNode().put("type", "mention");
                  mentionNode.putObject("attrs").put("id", "u1").put("text", name);
                  return mentionNode;
                });
    Arbitrary<ObjectNode> emoji =
        Arbitraries.just(
            (ObjectNode)
                JSON.objectNode()
                    .put("type", "emoji")
                    .set("attrs", JSON.objectNode().put("shortName", ":tada:")));
    Arbitrary<ObjectNode> hardBreak = Arbitraries.just(JSON.objectNode().put("type", "hardBreak"));
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, textNode),
            net.jqwik.api.Tuple.of(1, mention),
            net.jqwik.api.Tuple.of(1, emoji),
            net.jqwik.api.Tuple.of(1, hardBreak))
        .list()
        .ofMinSize(1)
        .ofMaxSize(6);
  }

  private static ObjectNode mark(String type) {
    ObjectNode mark = JSON.objectNode();
    if (type.startsWith("link")) {
      mark.put("type", "link");
      mark.putObject("attrs").put("href", "https://example.com/" + type.substring(4));
    } else {
      mark.put("type", type);
    }
    return mark;
  }

  private static ObjectNode text(String text, List<ObjectNode> marks) {
    ObjectNode node = JSON.objectNode().put("type", "text").put("text", text);
    if (!marks.isEmpty()) {
      node.putArray("marks").addAll(marks);
    }
    return node;
  }

  private static ObjectNode node(String type, List<ObjectNode> content) {
    ObjectNode node = JSON.objectNode().put("type", type);
    node.putArray("content").addAll(content);
    return node;
  }

  /** Textile as people type it: markup tokens, words, punctuation, in lines and blocks. */
  static Arbitrary<String> textile() {
    Arbitrary<String> token =
        Arbitraries.oneOf(
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5),
            Arbitraries.of(
                "*",
                "_",
                "-",
                "@",
                "+",
                "^",
                "~",
                "%",
                "??",
                "==",
                "\"",
                "\":http://x.io/a",
                "[",
                "]",
                "!",
                "|",
                "<notextile>",
                "</notextile>",
                "<code>",
                "</code>",
                "<b>",
                "(",
                ")",
                ".",
                ":",
                "#",
                ">",
                "  ",
                " ",
                " ",
                " ",
                "*bold*",
                "_em_",
                "@c@",
                "\"link\":https://x.io",
                "!img.png!"));
    Arbitrary<String> line =
        Combinators.combine(
                Arbitraries.of(
                    "",
                    "",
                    "",
                    "h2. ",
                    "* ",
                    "** ",
                    "# ",
                    "*# ",
                    "bq. ",
                    "> ",
                    "| ",
                    "|_. ",
                    "p. ",
                    "bc. ",
                    "---",
                    "<pre>",
                    "</pre>",
                    "<pre><code class=\"c\">"),
                token.list().ofMaxSize(6).map(tokens -> String.join("", tokens)))
            .as((prefix, body) -> prefix + body);
    return Arbitraries.oneOf(line, Arbitraries.just(""))
        .list()
        .ofMinSize(1)
        .ofMaxSize(8)
        .map(lines -> String.join("\n", lines));
  }
}
