package dev.integrationagent.mapping.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import org.junit.jupiter.api.Test;

class AdfToMarkdownTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Wraps block nodes in a doc and converts it. */
  private static String markdown(String blocks) throws Exception {
    return TextFormats.adfToMarkdown(
        JSON.readTree("{\"type\":\"doc\",\"version\":1,\"content\":[" + blocks + "]}"));
  }

  private static String paragraph(String inlines) throws Exception {
    return markdown("{\"type\":\"paragraph\",\"content\":[" + inlines + "]}");
  }

  @Test
  void jiraCommentExampleFromTheOpenApiDescriptionReadsAsItsParagraph() throws Exception {
    // The request example of POST /rest/api/3/issue/{issueIdOrKey}/comment, field "body".
    JsonNode body =
        JSON.readTree(
            """
            {"content":[{"content":[{"text":"Lorem ipsum dolor sit amet.","type":"text"}],
              "type":"paragraph"}],"type":"doc","version":1}\
            """);
    assertThat(TextFormats.adfToMarkdown(body)).isEqualTo("Lorem ipsum dolor sit amet.");
    assertThat(TextFormats.markdownToAdf("Lorem ipsum dolor sit amet.")).isEqualTo(body);
  }

  @Test
  void headingLevelsOutsideOneToSixAreClamped() throws Exception {
    assertThat(
            markdown(
                """
                {"type":"heading","attrs":{"level":9},"content":[{"type":"text","text":"deep"}]}\
                """))
        .isEqualTo("###### deep");
  }

  @Test
  void nullMissingAndEmptyDocumentsGiveEmptyMarkdown() throws Exception {
    assertThat(TextFormats.adfToMarkdown(null)).isEmpty();
    assertThat(TextFormats.adfToMarkdown(NullNode.getInstance())).isEmpty();
    assertThat(TextFormats.adfToMarkdown(MissingNode.getInstance())).isEmpty();
    assertThat(markdown("")).isEmpty();
  }

  @Test
  void headingsParagraphsRulesAndQuotes() throws Exception {
    assertThat(
            markdown(
                """
                {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Goal"}]},
                {"type":"paragraph","content":[{"type":"text","text":"one"},{"type":"hardBreak"},
                                               {"type":"text","text":"two"}]},
                {"type":"rule"},
                {"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"q"}]}]}
                """))
        .isEqualTo("## Goal\n\none  \ntwo\n\n___\n\n> q");
  }

  @Test
  void overlappingMarksNestOuterFirst() throws Exception {
    assertThat(
            paragraph(
                """
                {"type":"text","text":"bold ","marks":[{"type":"strong"}]},
                {"type":"text","text":"both","marks":[{"type":"em"},{"type":"strong"}]},
                {"type":"text","text":" gone","marks":[{"type":"strike"}]}
                """))
        .isEqualTo("**bold *both*** ~~gone~~");
  }

  @Test
  void linksAndCodeMarks() throws Exception {
    assertThat(
            paragraph(
                """
                {"type":"text","text":"docs","marks":[{"type":"link","attrs":{"href":"https://x.io/a"}}]},
                {"type":"text","text":" and "},
                {"type":"text","text":"a<b","marks":[{"type":"code"},{"type":"strong"}]}
                """))
        .isEqualTo("[docs](https://x.io/a) and `a<b`");
  }

  @Test
  void codeBlocksKeepTheirLanguageAndGrowTheirFence() throws Exception {
    assertThat(
            markdown(
                """
                {"type":"codeBlock","attrs":{"language":"json"},"content":[{"type":"text","text":"{}\\n```"}]}
                """))
        .isEqualTo("````json\n{}\n```\n````");
  }

  @Test
  void nestedListsKeepKindAndOrder() throws Exception {
    assertThat(
            markdown(
                """
                {"type":"orderedList","attrs":{"order":2},"content":[
                  {"type":"listItem","content":[
                    {"type":"paragraph","content":[{"type":"text","text":"a"}]},
                    {"type":"bulletList","content":[{"type":"listItem","content":[
                      {"type":"paragraph","content":[{"type":"text","text":"b"}]}]}]}]}]}
                """))
        .isEqualTo("2. a\n   - b");
  }

  @Test
  void tablesPutTheFirstRowInTheHeaderAndPadShortRows() throws Exception {
    assertThat(
            markdown(
                """
                {"type":"table","content":[
                  {"type":"tableRow","content":[
                    {"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"K"}]}]},
                    {"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"V"}]}]}]},
                  {"type":"tableRow","content":[
                    {"type":"tableCell","content":[
                      {"type":"paragraph","content":[{"type":"text","text":"x"}]},
                      {"type":"paragraph","content":[{"type":"text","text":"y|z"}]}]}]}]}
                """))
        .isEqualTo("|K|V|\n|---|---|\n|x y\\|z||");
  }

  @Test
  void mentionsEmojiCardsDatesAndStatusBecomeText() throws Exception {
    assertThat(
            paragraph(
                """
                {"type":"mention","attrs":{"id":"5b10","text":"@Ada Lovelace"}},
                {"type":"text","text":" "},
                {"type":"mention","attrs":{"id":"5b11"}},
                {"type":"text","text":" "},
                {"type":"emoji","attrs":{"shortName":":smile:","text":"😄"}},
                {"type":"emoji","attrs":{"shortName":":rocket:"}},
                {"type":"text","text":" "},
                {"type":"inlineCard","attrs":{"url":"https://x.io/i/1"}},
                {"type":"text","text":" "},
                {"type":"date","attrs":{"timestamp":"1700000000000"}},
                {"type":"text","text":" "},
                {"type":"status","attrs":{"text":"DONE","color":"green"}}
                """))
        .isEqualTo(
            "@Ada Lovelace @5b11 😄:rocket: [https://x.io/i/1](https://x.io/i/1) 2023-11-14"
                + " \\[DONE\\]");
  }

  @Test
  void panelsBecomeQuotesLabelledWithTheirType() throws Exception {
    assertThat(
            markdown(
                """
                {"type":"panel","attrs":{"panelType":"warning"},"content":[
                  {"type":"paragraph","content":[{"type":"text","text":"Careful"}]}]}
                """))
        .isEqualTo("> **Warning:**\n> \n> Careful");
  }

  @Test
  void mediaBecomesAnAttachmentNote() throws Exception {
    assertThat(
            markdown(
                """
                {"type":"mediaSingle","content":[
                  {"type":"media","attrs":{"id":"abc","type":"file","collection":"c","alt":"trace.log"}}]},
                {"type":"mediaGroup","content":[
                  {"type":"media","attrs":{"id":"f1","type":"file","collection":"c"}},
                  {"type":"media","attrs":{"type":"external","url":"https://x.io/p.png"}}]}
                """))
        .isEqualTo(
            "\\[attachment: trace.log\\]\n\n"
                + "\\[attachment: f1\\] \\[attachment: https://x.io/p.png\\]");
  }

  @Test
  void tasksBecomeCheckboxBullets() throws Exception {
    assertThat(
            markdown(
                """
                {"type":"taskList","attrs":{"localId":"t"},"content":[
                  {"type":"taskItem","attrs":{"localId":"1","state":"DONE"},"content":[{"type":"text","text":"ship"}]},
                  {"type":"taskItem","attrs":{"localId":"2","state":"TODO"},"content":[{"type":"text","text":"test"}]}]}
                """))
        .isEqualTo("- \\[x\\] ship\n- \\[ \\] test");
  }

  @Test
  void unknownNodesAndMarksKeepTheirText() throws Exception {
    assertThat(
            markdown(
                """
                {"type":"layoutSection","content":[{"type":"layoutColumn","content":[
                  {"type":"paragraph","content":[
                    {"type":"text","text":"under","marks":[{"type":"underline"},{"type":"textColor","attrs":{"color":"#f00"}}]},
                    {"type":"futureInline","content":[{"type":"text","text":" kept"}]}]}]}]},
                {"type":"futureBlock","content":[{"type":"text","text":"also kept"}]},
                {"type":"expand","attrs":{"title":"More"},"content":[
                  {"type":"paragraph","content":[{"type":"text","text":"hidden"}]}]}
                """))
        .isEqualTo("under kept\n\nalso kept\n\n**More**\n\nhidden");
  }

  @Test
  void markdownCharactersInTextAreEscaped() throws Exception {
    String markdown = paragraph("{\"type\":\"text\",\"text\":\"*not bold* # [x](y) `z` 1. <b>\"}");
    assertThat(TextFormats.markdownToAdf(markdown).at("/content/0/content/0/text").asText())
        .isEqualTo("*not bold* # [x](y) `z` 1. <b>");
  }

  @Test
  void whitespaceAtTheEdgeOfAMarkMovesOutsideIt() throws Exception {
    assertThat(
            paragraph(
                """
                {"type":"text","text":"a"},
                {"type":"text","text":" bold ","marks":[{"type":"strong"}]},
                {"type":"text","text":"b"}
                """))
        .isEqualTo("a **bold** b");
  }

  @Test
  void textThatWouldStartAListOrHeadingIsEscaped() throws Exception {
    assertThat(paragraph("{\"type\":\"text\",\"text\":\"+ 1\"}")).isEqualTo("\\+ 1");
    assertThat(
            paragraph(
                "{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"hardBreak\"},"
                    + "{\"type\":\"text\",\"text\":\"===\"}"))
        .isEqualTo("a  \n\\===");
  }

  @Test
  void consecutiveLineBreaksCollapseBecauseABlankLineWouldEndTheParagraph() throws Exception {
    assertThat(
            paragraph(
                "{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"hardBreak\"},"
                    + "{\"type\":\"hardBreak\"},{\"type\":\"text\",\"text\":\"b\"}"))
        .isEqualTo("a  \nb");
  }

  @Test
  void blanksCarryNoMarksAndLinksKeepOnlyTheFirstHref() throws Exception {
    assertThat(
            paragraph(
                """
                {"type":"text","text":" ","marks":[{"type":"strong"}]},
                {"type":"text","text":"x","marks":[{"type":"link","attrs":{"href":"https://a.io"}},
                                                  {"type":"link","attrs":{"href":"https://b.io"}}]}
                """))
        .isEqualTo("[x](https://a.io)");
  }

  @Test
  void adjacentCodeTextsBecomeOneCodeSpan() throws Exception {
    assertThat(
            paragraph(
                """
                {"type":"text","text":"a","marks":[{"type":"code"}]},
                {"type":"text","text":"b","marks":[{"type":"code"}]}
                """))
        .isEqualTo("`ab`");
  }

  @Test
  void nonObjectDocumentIsRejectedNamingTheRoot() throws Exception {
    assertThatThrownBy(() -> TextFormats.adfToMarkdown(JSON.readTree("[1,2]")))
        .isInstanceOfSatisfying(
            IntegrationException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION))
        .hasMessageContaining("$ must be an ADF node");
    assertThatThrownBy(() -> TextFormats.adfToMarkdown(JSON.readTree("{\"type\":\"paragraph\"}")))
        .hasMessageContaining("$.type must be \"doc\"");
  }

  @Test
  void wrongJsonTypesAreRejectedNamingTheirPath() throws Exception {
    assertThatThrownBy(() -> markdown("{\"type\":\"paragraph\",\"content\":{}}"))
        .isInstanceOf(IntegrationException.class)
        .hasMessageContaining("$.content[0].content must be an array");
    assertThatThrownBy(() -> paragraph("{\"type\":\"text\",\"text\":42}"))
        .hasMessageContaining("$.content[0].content[0].text must be a string but was number");
    assertThatThrownBy(
            () -> paragraph("{\"type\":\"text\",\"text\":\"a\",\"marks\":[{\"type\":\"link\"}]}"))
        .hasMessageContaining("$.content[0].content[0].marks[0].attrs.href must be a string");
    assertThatThrownBy(() -> markdown("{\"type\":\"heading\",\"attrs\":[]}"))
        .hasMessageContaining("$.content[0].attrs must be an object");
    assertThatThrownBy(() -> markdown("\"text\""))
        .hasMessageContaining("$.content[0] must be an ADF node (a JSON object) but was string");
    JsonNode noType = JSON.readTree("{\"version\":1,\"content\":[]}");
    assertThatThrownBy(() -> TextFormats.adfToMarkdown(noType))
        .hasMessageContaining("$.type must be a string but was missing");
  }
}
