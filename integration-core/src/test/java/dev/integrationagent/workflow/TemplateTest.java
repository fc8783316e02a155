package dev.integrationagent.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOSTILE = "\"}} <script>alert(1)</script> *bold* [x](http://evil) @here <!channel> a&b\r\nX-Evil: 1";

  private static ObjectNode input() {
    ObjectNode in = JSON.createObjectNode();
    in.putObject("item").put("title", HOSTILE).putArray("labels").add("bug").add("ui");
    return in;
  }

  private static Template template(String source) {
    List<String> problems = new ArrayList<>();
    Template t = Template.parse(source, "$.t", problems);
    assertThat(problems).isEmpty();
    return t;
  }

  @Test
  void aValueInAJsonBodyStaysInsideItsString() throws Exception {
    String body = template("{\"title\": \"{{ .item.title }}\"}").render(input(), Escaping.JSON);
    assertThat(JSON.readTree(body).path("title").asText()).isEqualTo(HOSTILE);
    assertThat(JSON.readTree(body).size()).isEqualTo(1);
  }

  @Test
  void markdownAndHtmlInAValueStayText() {
    String md = template("Copied: {{ .item.title }}").render(input(), Escaping.MARKDOWN);
    assertThat(md).startsWith("Copied: ").doesNotContain("<script>").doesNotContain("*bold*").doesNotContain("](")
        .contains("&lt;script&gt;").contains("\\*bold\\*");
  }

  @Test
  void aValueInAUrlCannotAddASegmentOrAParameter() {
    String url = template("https://api.example.com/search?q={{ .item.title }}").render(input(), Escaping.URL);
    String query = url.substring(url.indexOf("?q=") + 3);
    assertThat(query).doesNotContain("&").doesNotContain("/").doesNotContain("?").doesNotContain(" ")
        .doesNotContain("#");
    assertThat(java.net.URLDecoder.decode(query, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(HOSTILE);
  }

  @Test
  void slackMentionsAndLinksInAValueStayText() {
    String text = template("New bug: {{ .item.title }}").render(input(), Escaping.SLACK_MRKDWN);
    assertThat(text).doesNotContain("<!channel>").doesNotContain("<script>").contains("&lt;!channel&gt;")
        .contains("a&amp;b");
  }

  @Test
  void aHeaderValueCannotAddAHeader() {
    assertThat(template("{{ .item.title }}").render(input(), Escaping.HEADER)).doesNotContain("\r").doesNotContain("\n");
  }

  @Test
  void aLonePlaceholderKeepsItsJsonValueAndTextAroundItIsTheAuthors() {
    assertThat(template("{{ .item.labels }}").renderValue(input(), Escaping.NONE).toString()).isEqualTo("[\"bug\",\"ui\"]");
    assertThat(template("Labels: {{ .item.labels }} \\{{ literal").render(input(), Escaping.NONE))
        .isEqualTo("Labels: [\"bug\",\"ui\"] {{ literal");
    assertThat(template("{{ .missing }}!").render(input(), Escaping.NONE)).isEqualTo("!");
  }
}
