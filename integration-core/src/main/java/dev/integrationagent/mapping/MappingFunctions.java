package dev.integrationagent.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.schibsted.spt.data.jslt.Function;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The functions mapping expressions may call besides JSLT's own:
 *
 * <ul>
 *   <li>{@code to-instant(v)}: any ISO-8601 date-time (Jira's {@code +0000} offsets included) or
 *       epoch milliseconds, as an ISO-8601 UTC instant; null stays null
 *   <li>{@code to-date(v)}: a date or date-time as {@code yyyy-MM-dd}
 *   <li>{@code markdown-to-text(md)}: Markdown with its markup removed, for one-line summaries
 *   <li>{@code user(v)}: the mapping's {@code users} table applied to a tool's user id; unknown
 *       ids pass through
 * </ul>
 */
final class MappingFunctions {
  private static final Pattern MARKUP = Pattern.compile("(?m)^\\s{0,3}(#{1,6}\\s+|>\\s?|[-*+]\\s+|\\d+[.)]\\s+)|[*_`~]+");
  private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)]\\([^)]*\\)");

  private MappingFunctions() {}

  static List<Function> library(Map<String, String> users) {
    return List.of(
        new Fn("to-instant", v -> v.isNull() ? v : ValueType.INSTANT.read(v)),
        new Fn("to-date", v -> v.isNull() ? v : ValueType.DATE.read(v)),
        new Fn("markdown-to-text", v -> v.isNull() ? v
            : TextNode.valueOf(MARKUP.matcher(LINK.matcher(v.asText()).replaceAll("$1")).replaceAll("").trim())),
        new Fn("user", v -> v.isNull() ? v : TextNode.valueOf(users.getOrDefault(v.asText(), v.asText()))));
  }

  /** A one-argument function. */
  private record Fn(String name, java.util.function.UnaryOperator<JsonNode> body) implements Function {
    @Override
    public String getName() {
      return name;
    }

    @Override
    public int getMinArguments() {
      return 1;
    }

    @Override
    public int getMaxArguments() {
      return 1;
    }

    @Override
    public JsonNode call(JsonNode input, JsonNode[] arguments) {
      JsonNode argument = arguments[0] == null ? NullNode.getInstance() : arguments[0];
      return body.apply(argument);
    }
  }
}
