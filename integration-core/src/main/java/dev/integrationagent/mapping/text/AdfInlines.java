package dev.integrationagent.mapping.text;

import static dev.integrationagent.mapping.text.AdfJson.attrs;
import static dev.integrationagent.mapping.text.AdfJson.content;
import static dev.integrationagent.mapping.text.AdfJson.invalid;
import static dev.integrationagent.mapping.text.AdfJson.requireObject;
import static dev.integrationagent.mapping.text.AdfJson.string;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads ADF inline content (text and its marks, and the inline nodes Jira adds: mentions, emoji,
 * cards, dates, status lozenges, media) into Markdown inlines. What Markdown has no syntax for
 * becomes readable text.
 */
final class AdfInlines {
  private static final Logger log = LoggerFactory.getLogger(AdfInlines.class);

  private AdfInlines() {}

  static <T extends Node> T inlines(JsonNode node, String path, T parent) {
    MarkedRuns runs = new MarkedRuns();
    List<JsonNode> children = content(node, path);
    for (int i = 0; i < children.size(); i++) {
      inline(children.get(i), path + ".content[" + i + "]", runs, List.of());
    }
    runs.appendTo(parent);
    return parent;
  }

  private static void inline(JsonNode node, String path, MarkedRuns runs, List<AdfMark> outer) {
    requireObject(node, path);
    String type = string(node, "type", path);
    JsonNode attrs = attrs(node, path);
    switch (type) {
      case "text" -> {
        String text = string(node, "text", path);
        List<AdfMark> marks = new ArrayList<>(outer);
        marks.addAll(marks(node, path));
        if (marks.contains(AdfMark.CODE) && !text.isEmpty()) {
          marks.removeIf(mark -> !mark.isLink());
          runs.add(new Code(text), marks);
        } else if (!text.isEmpty()) {
          runs.add(new Text(text), marks);
        }
      }
      case "hardBreak" -> runs.add(new HardLineBreak(), List.of());
      case "mention" -> {
        String name = attrs.path("text").asText("");
        if (name.isEmpty()) {
          name = attrs.path("id").asText("someone");
        }
        runs.add(new Text(name.startsWith("@") ? name : "@" + name), outer);
      }
      case "emoji" -> {
        String text = attrs.path("text").asText("");
        runs.add(new Text(text.isEmpty() ? attrs.path("shortName").asText("") : text), outer);
      }
      case "inlineCard", "blockCard", "embedCard" -> {
        String url = attrs.path("url").asText("");
        if (!url.isEmpty()) {
          List<AdfMark> marks = new ArrayList<>(outer);
          marks.add(AdfMark.link(url, null));
          runs.add(new Text(url), marks);
        }
      }
      case "date" -> {
        String timestamp = attrs.path("timestamp").asText("");
        runs.add(new Text(date(timestamp)), outer);
      }
      case "status" -> runs.add(new Text("[" + attrs.path("text").asText("") + "]"), outer);
      case "media", "mediaInline" -> {
        String name = attrs.path("alt").asText("");
        if (name.isEmpty()) {
          name = attrs.path("url").asText(attrs.path("id").asText("file"));
        }
        runs.add(new Text("[attachment: " + name + "]"), outer);
      }
      case "placeholder" -> runs.add(new Text(attrs.path("text").asText("")), outer);
      default -> {
        log.debug("ADF inline type {} at {} has no Markdown form; keeping its text", type, path);
        if (node.has("text")) {
          runs.add(new Text(string(node, "text", path)), outer);
        }
        List<JsonNode> children = content(node, path);
        for (int i = 0; i < children.size(); i++) {
          if (i > 0 && "mediaGroup".equals(type)) {
            runs.add(new Text(" "), outer);
          }
          inline(children.get(i), path + ".content[" + i + "]", runs, outer);
        }
      }
    }
  }

  private static List<AdfMark> marks(JsonNode node, String path) {
    JsonNode marks = node.get("marks");
    if (marks == null || marks.isNull()) {
      return List.of();
    }
    if (!marks.isArray()) {
      throw invalid(path + ".marks", "must be an array");
    }
    List<AdfMark> result = new ArrayList<>();
    for (int i = 0; i < marks.size(); i++) {
      String markPath = path + ".marks[" + i + "]";
      JsonNode mark = marks.get(i);
      requireObject(mark, markPath);
      String type = string(mark, "type", markPath);
      if ("link".equals(type)) {
        JsonNode attrs = attrs(mark, markPath);
        String href = string(attrs, "href", markPath + ".attrs");
        JsonNode title = attrs.path("title");
        result.add(AdfMark.link(href, title.isTextual() ? title.asText() : null));
      } else if (AdfMark.isSupported(type)) {
        result.add(new AdfMark(type, null, null));
      }
    }
    return result;
  }

  private static String date(String timestamp) {
    try {
      return Instant.ofEpochMilli(Long.parseLong(timestamp))
          .atZone(ZoneOffset.UTC)
          .toLocalDate()
          .toString();
    } catch (NumberFormatException e) {
      return timestamp;
    }
  }

  /** A block ADF shows as a box of its own; Markdown shows its inline text as a paragraph. */
  static Paragraph inlineOnly(JsonNode node, String path) {
    Paragraph paragraph = new Paragraph();
    MarkedRuns runs = new MarkedRuns();
    inline(node, path, runs, List.of());
    runs.appendTo(paragraph);
    return paragraph;
  }
}
