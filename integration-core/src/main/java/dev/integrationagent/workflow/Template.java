package dev.integrationagent.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.schibsted.spt.data.jslt.Expression;
import dev.integrationagent.mapping.Jslt;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;

/**
 * A string parameter with {@code {{ … }}} placeholders, each a JSLT expression over the run's
 * input ({@code .event}, {@code .item}, {@code .vars}, {@code .steps}). Rendering escapes each
 * placeholder's value for where the string lands ({@link Escaping}); the text around placeholders
 * is the author's and is kept as written. A string that is one placeholder and nothing else
 * renders to the expression's JSON value itself (an array of labels stays an array) where the
 * parameter takes JSON. {@code \{{} writes a literal {@code {{}.
 */
final class Template {
  private final String source;
  private final List<Object> parts; // String or Expression
  private final boolean single;

  private Template(String source, List<Object> parts) {
    this.source = source;
    this.parts = List.copyOf(parts);
    this.single = parts.size() == 1 && parts.get(0) instanceof Expression;
  }

  /** Parses {@code source}, or adds problems naming {@code where}; null when it has problems. */
  static @Nullable Template parse(String source, String where, List<String> problems) {
    List<Object> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int i = 0;
    int before = problems.size();
    while (i < source.length()) {
      if (source.startsWith("\\{{", i)) {
        text.append("{{");
        i += 3;
        continue;
      }
      if (source.startsWith("{{", i)) {
        int end = source.indexOf("}}", i + 2);
        if (end < 0) {
          problems.add(where + ": '{{' at character " + (i + 1) + " is not closed by '}}'");
          return null;
        }
        String expression = source.substring(i + 2, end).strip();
        if (expression.isEmpty()) {
          problems.add(where + ": empty placeholder '{{}}' at character " + (i + 1));
        } else {
          Expression compiled = Jslt.compile(expression, where + " placeholder at character " + (i + 1),
              Jslt.functions(), problems);
          if (compiled != null) {
            if (text.length() > 0) {
              parts.add(text.toString());
              text.setLength(0);
            }
            parts.add(compiled);
          }
        }
        i = end + 2;
        continue;
      }
      text.append(source.charAt(i++));
    }
    if (text.length() > 0) {
      parts.add(text.toString());
    }
    return problems.size() > before ? null : new Template(source, parts);
  }

  boolean hasPlaceholders() {
    return parts.stream().anyMatch(p -> p instanceof Expression);
  }

  String source() {
    return source;
  }

  /** The rendered string, each placeholder's value as text escaped with {@code escaping}. */
  String render(JsonNode input, Escaping escaping) {
    StringBuilder out = new StringBuilder();
    for (Object part : parts) {
      if (part instanceof String s) {
        out.append(s);
      } else {
        out.append(escaping.escape(text(Jslt.apply((Expression) part, input))));
      }
    }
    return out.toString();
  }

  /** Like {@link #render}, but a lone placeholder gives its JSON value as it is. */
  JsonNode renderValue(JsonNode input, Escaping escaping) {
    if (single) {
      JsonNode value = Jslt.apply((Expression) parts.get(0), input);
      return value.isTextual() ? TextNode.valueOf(escaping.escape(value.textValue())) : value;
    }
    return TextNode.valueOf(render(input, escaping));
  }

  /** A value as text: strings as they are, null and missing as nothing, numbers and the rest as JSON. */
  static String text(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "";
    }
    return value.isTextual() ? value.textValue() : value.toString();
  }
}
