package dev.integrationagent.testkit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.annotation.Nullable;

/** One issue of {@link FakeLinear}, mutable under the fake's lock. */
final class FakeLinearIssue {
  /** Linear's timestamps: ISO-8601 in UTC with milliseconds ({@code 2026-03-02T09:15:00.000Z}). */
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final String[] PRIORITY_LABELS = {"No priority", "Urgent", "High", "Medium", "Low"};

  final String id;
  final int number;
  final Instant createdAt;
  String title;
  @Nullable String description;
  int priority;
  @Nullable String dueDate;
  @Nullable Double estimate;
  String stateId;
  @Nullable String assigneeId;
  Instant updatedAt;
  @Nullable Instant archivedAt;
  boolean trashed;

  FakeLinearIssue(String id, int number, String title, String stateId, Instant now) {
    this.id = id;
    this.number = number;
    this.title = title;
    this.stateId = stateId;
    this.createdAt = now;
    this.updatedAt = now;
  }

  void touch(Instant now) {
    updatedAt = now;
  }

  /** The issue as the GraphQL {@code Issue} type answers it (nested objects from {@code workspace}). */
  Map<String, Object> json(FakeLinearData workspace) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("__typename", "Issue");
    out.put("id", id);
    out.put("identifier", workspace.teamKey() + "-" + number);
    out.put("number", (double) number);
    out.put("title", title);
    out.put("description", description);
    out.put("priority", (double) priority);
    out.put("priorityLabel", PRIORITY_LABELS[priority]);
    out.put("dueDate", dueDate);
    out.put("estimate", estimate);
    out.put("url", "https://linear.app/" + FakeLinearData.ORGANIZATION + "/issue/" + workspace.teamKey() + "-" + number);
    out.put("createdAt", TIMESTAMP.format(createdAt));
    out.put("updatedAt", TIMESTAMP.format(updatedAt));
    out.put("archivedAt", archivedAt == null ? null : TIMESTAMP.format(archivedAt));
    out.put("trashed", trashed ? Boolean.TRUE : null);
    out.put("state", workspace.stateJson(stateId));
    out.put("team", workspace.teamJson());
    out.put("assignee", assigneeId == null ? null : workspace.userJson(assigneeId));
    return out;
  }

  static String priorityLabel(int priority) {
    return PRIORITY_LABELS[priority];
  }
}
