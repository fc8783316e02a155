package dev.integrationagent.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pulls the human-readable messages out of the error bodies of the tools we talk to:
 * GitHub {@code {"message", "errors": [...]}}, Jira {@code {"errorMessages": [...], "errors":
 * {field: msg}}}, Redmine {@code {"errors": [...]}} and OAuth {@code {"error",
 * "error_description"}}.
 */
final class VendorErrors {
  private static final int MAX_MESSAGES = 10;
  private static final int MAX_LENGTH = 200;

  private VendorErrors() {}

  static List<String> messages(JsonNode body, Redactor redactor) {
    List<String> out = new ArrayList<>();
    text(out, body.get("message"));
    JsonNode errorMessages = body.get("errorMessages");
    if (errorMessages != null && errorMessages.isArray()) {
      errorMessages.forEach(m -> text(out, m));
    }
    JsonNode errors = body.get("errors");
    if (errors != null && errors.isArray()) {
      for (JsonNode e : errors) {
        if (e.isTextual()) {
          text(out, e);
        } else if (e.isObject()) {
          githubError(out, e);
        }
      }
    } else if (errors != null && errors.isObject()) {
      for (Map.Entry<String, JsonNode> field : errors.properties()) {
        out.add(field.getKey() + ": " + field.getValue().asText());
      }
    }
    JsonNode error = body.get("error");
    if (error != null && error.isTextual()) {
      JsonNode description = body.get("error_description");
      out.add(description != null && description.isTextual()
          ? error.asText() + ": " + description.asText() : error.asText());
    }
    List<String> cleaned = new ArrayList<>();
    for (String m : out) {
      if (!m.isBlank() && cleaned.size() < MAX_MESSAGES) {
        cleaned.add(redactor.excerpt(m, MAX_LENGTH));
      }
    }
    return cleaned;
  }

  private static void githubError(List<String> out, JsonNode e) {
    JsonNode message = e.get("message");
    if (message != null && message.isTextual()) {
      out.add(e.hasNonNull("field") ? e.get("field").asText() + ": " + message.asText() : message.asText());
      return;
    }
    String field = e.path("field").asText("");
    String code = e.path("code").asText("");
    String resource = e.path("resource").asText("");
    String where = field.isEmpty() ? resource : field;
    out.add(where.isEmpty() ? code : where + ": " + code);
  }

  private static void text(List<String> out, JsonNode node) {
    if (node != null && node.isTextual()) {
      out.add(node.asText());
    }
  }
}
