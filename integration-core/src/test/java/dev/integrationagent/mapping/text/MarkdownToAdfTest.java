package dev.integrationagent.mapping.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MarkdownToAdfTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws JsonProcessingException {
    return JSON.readTree(text);
  }

  private static JsonNode content(String markdown) {
    return TextFormats.markdownToAdf(markdown).get("content");
  }

  @Test
  void nullAndEmptyMarkdownGiveAnEmptyDocument() throws Exception {
    JsonNode empty = json("{\"type\":\"doc\",\"version\":1,\"content\":[]}");
    assertThat(TextFormats.markdownToAdf(null)).isEqualTo(empty);
    assertThat(TextFormats.markdownToAdf("")).isEqualTo(empty);
    assertThat(TextFormats.markdownToAdf("  \n\n")).isEqualTo(empty);
  }

  @Test
  void headingsKeepTheirLevel() throws Exception {
    assertThat(content("### Title"))
        .isEqualTo(
            json(
                """
                [{"type":"heading","attrs":{"level":3},"content":[{"type":"text","text":"Title"}]}]\
                """));
  }

  @Test
  void emphasisBecomesMarksInCanonicalOrder() throws Exception {
    assertThat(content("a **b** *c* ~~d~~ ***e***"))
        .isEqualTo(
            json(
                """
                [{"type":"paragraph","content":[
                  {"type":"text","text":"a "},
                  {"type":"text","text":"b","marks":[{"type":"strong"}]},
                  {"type":"text","text":" "},
                  {"type":"text","text":"c","marks":[{"type":"em"}]},
                  {"type":"text","text":" "},
                  {"type":"text","text":"d","marks":[{"type":"strike"}]},
                  {"type":"text","text":" "},
                  {"type":"text","text":"e","marks":[{"type":"strong"},{"type":"em"}]}]}]\
                """));
  }

  @Test
  void inlineCodeInsideALinkKeepsBothMarksAndDropsEmphasis() throws Exception {
    assertThat(content("[**`run()`**](https://x.io \"Docs\")"))
        .isEqualTo(
            json(
                """
                [{"type":"paragraph","content":[{"type":"text","text":"run()","marks":[
                  {"type":"link","attrs":{"href":"https://x.io","title":"Docs"}},{"type":"code"}]}]}]\
                """));
  }

  @Test
  void fencedCodeKeepsLanguageAndDropsTheTrailingNewline() throws Exception {
    assertThat(content("```java\nint x;\nint y;\n```"))
        .isEqualTo(
            json(
                """
                [{"type":"codeBlock","attrs":{"language":"java"},
                  "content":[{"type":"text","text":"int x;\\nint y;"}]}]\
                """));
    assertThat(content("    indented"))
        .isEqualTo(
            json(
                """
                [{"type":"codeBlock","content":[{"type":"text","text":"indented"}]}]\
                """));
  }

  @Test
  void nestedListsKeepKindAndStartNumber() throws Exception {
    assertThat(content("3. one\n   - sub\n4. two"))
        .isEqualTo(
            json(
                """
                [{"type":"orderedList","attrs":{"order":3},"content":[
                  {"type":"listItem","content":[
                    {"type":"paragraph","content":[{"type":"text","text":"one"}]},
                    {"type":"bulletList","content":[{"type":"listItem","content":[
                      {"type":"paragraph","content":[{"type":"text","text":"sub"}]}]}]}]},
                  {"type":"listItem","content":[
                    {"type":"paragraph","content":[{"type":"text","text":"two"}]}]}]}]\
                """));
  }

  @Test
  void quotesRulesAndHardBreaksMapOneToOne() throws Exception {
    assertThat(content("> a  \n> b\n\n---"))
        .isEqualTo(
            json(
                """
                [{"type":"blockquote","content":[{"type":"paragraph","content":[
                   {"type":"text","text":"a"},{"type":"hardBreak"},{"type":"text","text":"b"}]}]},
                 {"type":"rule"}]\
                """));
  }

  @Test
  void tablesGetAHeaderRowAndCellParagraphs() throws Exception {
    assertThat(content("| H1 | H2 |\n|---|---|\n| a | **b** |"))
        .isEqualTo(
            json(
                """
                [{"type":"table","content":[
                  {"type":"tableRow","content":[
                    {"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"H1"}]}]},
                    {"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"H2"}]}]}]},
                  {"type":"tableRow","content":[
                    {"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]}]},
                    {"type":"tableCell","content":[{"type":"paragraph","content":[
                      {"type":"text","text":"b","marks":[{"type":"strong"}]}]}]}]}]}]\
                """));
  }

  @Test
  void imagesBecomeLinksShowingTheirAltText() throws Exception {
    assertThat(content("![screen shot](https://x.io/s.png)"))
        .isEqualTo(
            json(
                """
                [{"type":"paragraph","content":[{"type":"text","text":"screen shot",
                  "marks":[{"type":"link","attrs":{"href":"https://x.io/s.png"}}]}]}]\
                """));
  }

  @Test
  void htmlIsKeptAsLiteralText() throws Exception {
    assertThat(content("<div>\nhi\n</div>\n\nx <b>y</b>"))
        .isEqualTo(
            json(
                """
                [{"type":"paragraph","content":[{"type":"text","text":"<div>"},{"type":"hardBreak"},
                   {"type":"text","text":"hi"},{"type":"hardBreak"},{"type":"text","text":"</div>"}]},
                 {"type":"paragraph","content":[{"type":"text","text":"x <b>y</b>"}]}]\
                """));
  }

  @Test
  void escapedMarkdownStaysLiteralText() throws Exception {
    assertThat(content("\\*not bold\\* and 2 \\* 3"))
        .isEqualTo(
            json(
                """
                [{"type":"paragraph","content":[{"type":"text","text":"*not bold* and 2 * 3"}]}]\
                """));
  }

  @Test
  void blocksAdfForbidsInsideListsAndQuotesBecomeParagraphsOfTheirText() throws Exception {
    assertThat(content("- # Big\n\n> > inner\n> ## Head"))
        .isEqualTo(
            json(
                """
                [{"type":"bulletList","content":[{"type":"listItem","content":[
                   {"type":"paragraph","content":[{"type":"text","text":"Big"}]}]}]},
                 {"type":"blockquote","content":[
                   {"type":"paragraph","content":[{"type":"text","text":"inner"}]},
                   {"type":"paragraph","content":[{"type":"text","text":"Head"}]}]}]\
                """));
  }
}
