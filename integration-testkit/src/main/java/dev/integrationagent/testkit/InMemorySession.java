package dev.integrationagent.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.HealthStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Nullable;

/** A connection to an {@link InMemoryConnector}. The cursor is the change feed's sequence number. */
final class InMemorySession implements ConnectorSession {
  private final InMemoryConnector tracker;
  private final String connectionId;

  InMemorySession(InMemoryConnector tracker, String connectionId) {
    this.tracker = tracker;
    this.connectionId = connectionId;
  }

  /** Everything, conditional writes included; webhooks only when the tracker has a secret. */
  @Override
  public Set<Capability> capabilities() {
    return tracker.capabilities();
  }

  @Override
  public ChangePage changes(Cursor cursor, int pageSize) {
    tracker.checkFault();
    long after = parse(cursor);
    List<InMemoryConnector.Stored> changed = tracker.changedAfter(after, pageSize);
    boolean hasMore = changed.size() > pageSize;
    List<InMemoryConnector.Stored> page = hasMore ? changed.subList(0, pageSize) : changed;
    long last = page.isEmpty() ? after : page.get(page.size() - 1).seq;
    return new ChangePage(page.stream().map(InMemorySession::external).toList(),
        Cursor.of(Long.toString(last)), hasMore);
  }

  @Override
  public Optional<ExternalItem> get(String id) {
    tracker.checkFault();
    return tracker.find(id).map(InMemorySession::external);
  }

  @Override
  public ExternalItem create(JsonNode fields, @Nullable String marker) {
    tracker.checkFault();
    return external(tracker.createFromSession(fields, marker));
  }

  @Override
  public ExternalItem update(String id, JsonNode patch, @Nullable String expectedVersion) {
    tracker.checkFault();
    return external(tracker.updateFromSession(id, patch, expectedVersion));
  }

  @Override
  public Map<String, java.time.Instant> fieldsChangedAt(String itemId) {
    tracker.checkFault();
    return tracker.fieldsChangedAt(itemId);
  }

  @Override
  public Optional<ExternalItem> findByMarker(String marker) {
    tracker.checkFault();
    return tracker.findByMarker(marker).map(InMemorySession::external);
  }

  @Override
  public void delete(String id) {
    tracker.checkFault();
    tracker.deleteFromSession(id);
  }

  @Override
  public List<ExternalComment> comments(String itemId, @Nullable Instant since) {
    tracker.checkFault();
    return tracker.commentsOf(itemId, since);
  }

  @Override
  public ExternalComment addComment(String itemId, String markdownBody) {
    tracker.checkFault();
    return tracker.addCommentFromSession(itemId, markdownBody);
  }

  @Override
  public ExternalComment updateComment(String itemId, String commentId, String markdownBody) {
    tracker.checkFault();
    return tracker.updateCommentFromSession(itemId, commentId, markdownBody);
  }

  @Override
  public ExternalItem transition(String itemId, String targetStatus) {
    tracker.checkFault();
    WorkItem current = tracker.find(itemId).map(InMemoryConnector.Stored::item).orElseThrow(() ->
        new IntegrationException(ErrorCategory.NOT_FOUND, connectionId, tracker.name() + " has no item " + itemId, null));
    dev.integrationagent.api.Status status = Statuses.named(targetStatus);
    JsonNode patch = dev.integrationagent.mapping.CanonicalJson.toDocument(current.toBuilder().status(status).build())
        .retain("status");
    return update(itemId, patch, null);
  }

  @Override
  public Optional<dev.integrationagent.api.connector.WebhookHandler> webhooks() {
    return Optional.ofNullable(tracker.webhooks());
  }

  @Override
  public ConnectorHealth health() {
    try {
      tracker.checkFault();
    } catch (IntegrationException e) {
      return new ConnectorHealth(HealthStatus.DOWN, e.getMessage(), Duration.ZERO, Map.of());
    }
    return new ConnectorHealth(HealthStatus.UP, "", Duration.ZERO, Map.of("items", Integer.toString(tracker.size())));
  }

  private long parse(Cursor cursor) {
    if (cursor.isStart()) {
      return 0;
    }
    try {
      return Long.parseLong(cursor.value());
    } catch (NumberFormatException e) {
      throw new IntegrationException(ErrorCategory.VALIDATION, connectionId,
          "cursor '" + cursor.value() + "' is not a change-feed position of " + tracker.name(), e);
    }
  }

  private static ExternalItem external(InMemoryConnector.Stored s) {
    return new ExternalItem(s.id, "#" + s.id, Long.toString(s.version), s.updatedAt, s.data, s.deleted);
  }
}
