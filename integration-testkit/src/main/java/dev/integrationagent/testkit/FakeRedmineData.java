package dev.integrationagent.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;

/** What Redmine's default data ({@code redmine:load_default_data}, English) holds, for {@link FakeRedmine}. */
final class FakeRedmineData {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = FakeServer.JSON;

  private FakeRedmineData() {}

  static List<ObjectNode> statuses() {
    List<ObjectNode> out = new ArrayList<>();
    String[] names = {"New", "In Progress", "Resolved", "Feedback", "Closed", "Rejected"};
    for (int i = 0; i < names.length; i++) {
      out.add(JSON.createObjectNode().put("id", i + 1).put("name", names[i]).put("is_closed", i >= 4));
    }
    return out;
  }

  static @Nullable ObjectNode status(int id) {
    return statuses().stream().filter(s -> s.path("id").asInt() == id).findFirst().orElse(null);
  }

  static ObjectNode statusByName(String name) {
    return statuses().stream().filter(s -> s.path("name").asText().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no status '" + name + "'"));
  }

  static List<ObjectNode> priorities() {
    List<ObjectNode> out = new ArrayList<>();
    String[] names = {"Low", "Normal", "High", "Urgent", "Immediate"};
    for (int i = 0; i < names.length; i++) {
      out.add(JSON.createObjectNode().put("id", i + 1).put("name", names[i]).put("is_default", i == 1).put("active", true));
    }
    return out;
  }

  static @Nullable ObjectNode priority(int id) {
    return priorities().stream().filter(p -> p.path("id").asInt() == id)
        .map(p -> JSON.createObjectNode().put("id", id).put("name", p.path("name").asText())).findFirst().orElse(null);
  }

  static List<ObjectNode> trackers() {
    List<ObjectNode> out = new ArrayList<>();
    String[] names = {"Bug", "Feature", "Support"};
    for (int i = 0; i < names.length; i++) {
      ObjectNode t = JSON.createObjectNode().put("id", i + 1).put("name", names[i]);
      t.putObject("default_status").put("id", 1).put("name", "New");
      t.putNull("description");
      out.add(t);
    }
    return out;
  }

  static @Nullable ObjectNode tracker(int id) {
    return trackers().stream().filter(t -> t.path("id").asInt() == id)
        .map(t -> JSON.createObjectNode().put("id", id).put("name", t.path("name").asText())).findFirst().orElse(null);
  }

  static @Nullable ObjectNode user(int id) {
    return switch (id) {
      case 1 -> JSON.createObjectNode().put("id", 1).put("name", "Redmine Admin");
      case 2 -> JSON.createObjectNode().put("id", 2).put("name", "John Smith");
      default -> null;
    };
  }
}
