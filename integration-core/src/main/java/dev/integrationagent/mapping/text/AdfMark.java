package dev.integrationagent.mapping.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.annotation.Nullable;

/**
 * One ADF text mark that Markdown can express. Marks are kept in a canonical order (link outermost,
 * code innermost) so that the same formatting always nests, and so prints, the same way.
 */
record AdfMark(String type, @Nullable String href, @Nullable String title) {
  static final AdfMark STRONG = new AdfMark("strong", null, null);
  static final AdfMark EM = new AdfMark("em", null, null);
  static final AdfMark STRIKE = new AdfMark("strike", null, null);
  static final AdfMark CODE = new AdfMark("code", null, null);

  private static final List<String> ORDER = List.of("link", "strong", "em", "strike", "code");

  static AdfMark link(String href, @Nullable String title) {
    return new AdfMark("link", href, title == null || title.isEmpty() ? null : title);
  }

  static boolean isSupported(String type) {
    return ORDER.contains(type);
  }

  boolean isLink() {
    return "link".equals(type);
  }

  static List<AdfMark> canonical(List<AdfMark> marks) {
    List<AdfMark> sorted = new ArrayList<>();
    boolean linked = false;
    for (AdfMark mark : marks) {
      // Markdown cannot nest links: the first link of a text wins.
      if (!sorted.contains(mark) && !(mark.isLink() && linked)) {
        sorted.add(mark);
        linked |= mark.isLink();
      }
    }
    sorted.sort(Comparator.comparingInt(mark -> ORDER.indexOf(mark.type())));
    return sorted;
  }

  /** Reads the marks of a text node this package wrote itself. */
  static List<AdfMark> read(JsonNode text) {
    List<AdfMark> marks = new ArrayList<>();
    for (JsonNode mark : text.path("marks")) {
      String type = mark.path("type").asText();
      if ("link".equals(type)) {
        JsonNode attrs = mark.path("attrs");
        marks.add(link(attrs.path("href").asText(), attrs.path("title").asText(null)));
      } else {
        marks.add(new AdfMark(type, null, null));
      }
    }
    return marks;
  }

  ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("type", type);
    if (isLink()) {
      ObjectNode attrs = json.putObject("attrs");
      attrs.put("href", href);
      if (title != null) {
        attrs.put("title", title);
      }
    }
    return json;
  }
}
