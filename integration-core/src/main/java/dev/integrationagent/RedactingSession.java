package dev.integrationagent;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.WebhookHandler;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.annotation.Nullable;

/**
 * Every session the agent opens, seen through its {@link Redaction}: what the tool returns (items,
 * comments, webhook events, health) and what it throws have the connections' secrets hidden before
 * the engine stores, merges, parks, audits or logs any of it. A plugin whose tool echoes its key in
 * an error, a health detail or an item field so leaks it nowhere, and never copies it to the other
 * tool either.
 */
final class RedactingSession implements ConnectorSession {
  private final ConnectorSession delegate;
  private final Redaction redaction;

  RedactingSession(ConnectorSession delegate, Redaction redaction) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.redaction = requireNonNull(redaction, "redaction");
  }

  private <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw redaction.exception(e);
    }
  }

  @Override
  public ChangePage changes(Cursor cursor, int pageSize) {
    return redaction.page(call(() -> delegate.changes(cursor, pageSize)));
  }

  @Override
  public Optional<ExternalItem> get(String id) {
    return call(() -> delegate.get(id)).map(redaction::item);
  }

  @Override
  public ExternalItem create(JsonNode fields, @Nullable String marker) {
    return redaction.item(call(() -> delegate.create(fields, marker)));
  }

  @Override
  public ExternalItem update(String id, JsonNode patch, @Nullable String expectedVersion) {
    return redaction.item(call(() -> delegate.update(id, patch, expectedVersion)));
  }

  @Override
  public Map<String, Instant> fieldsChangedAt(String itemId) {
    return call(() -> delegate.fieldsChangedAt(itemId));
  }

  @Override
  public Optional<ExternalItem> findByMarker(String marker) {
    return call(() -> delegate.findByMarker(marker)).map(redaction::item);
  }

  @Override
  public void delete(String id) {
    call(() -> {
      delegate.delete(id);
      return null;
    });
  }

  @Override
  public List<ExternalComment> comments(String itemId, @Nullable Instant since) {
    return call(() -> delegate.comments(itemId, since)).stream().map(redaction::comment).toList();
  }

  @Override
  public ExternalComment addComment(String itemId, String markdownBody) {
    return redaction.comment(call(() -> delegate.addComment(itemId, markdownBody)));
  }

  @Override
  public ExternalComment updateComment(String itemId, String commentId, String markdownBody) {
    return redaction.comment(call(() -> delegate.updateComment(itemId, commentId, markdownBody)));
  }

  @Override
  public ExternalItem transition(String itemId, String targetStatus) {
    return redaction.item(call(() -> delegate.transition(itemId, targetStatus)));
  }

  @Override
  public Set<Capability> capabilities() {
    return delegate.capabilities();
  }

  @Override
  public ConnectorHealth health() {
    return redaction.health(call(delegate::health));
  }

  @Override
  public Optional<WebhookHandler> webhooks() {
    return call(delegate::webhooks).map(handler -> (headers, body) ->
        call(() -> handler.handle(headers, body)).map(redaction::webhookEvent));
  }

  @Override
  public void close() {
    call(() -> {
      delegate.close();
      return null;
    });
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
