package dev.integrationagent.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.WebhookHandler;
import dev.integrationagent.api.mapping.Mapping;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.annotation.Nullable;

/**
 * A session that hands every call to another: override the calls a test wants to change, such
 * as a listing that hides an item or a write that fails at a chosen moment.
 *
 * <pre>{@code
 * ConnectorSession hiding = new ForwardingConnectorSession(tracker.open(context)) {
 *   @Override
 *   public ChangePage changes(Cursor cursor, int pageSize) {
 *     ChangePage page = super.changes(cursor, pageSize);
 *     return new ChangePage(page.items().stream().filter(i -> !i.id().equals("7")).toList(),
 *         page.next(), page.hasMore());
 *   }
 * };
 * }</pre>
 *
 * <p>{@link #wrap} applies such a session to every connection a definition opens.
 */
public class ForwardingConnectorSession implements ConnectorSession {
  private final ConnectorSession delegate;

  public ForwardingConnectorSession(ConnectorSession delegate) {
    this.delegate = requireNonNull(delegate, "delegate");
  }

  /**
   * The definition with each session it opens passed through {@code wrapper}; everything else
   * (type, problems, mapping, secrets) is the definition's own.
   */
  public static ConnectionDefinition wrap(ConnectionDefinition definition, UnaryOperator<ConnectorSession> wrapper) {
    requireNonNull(definition, "definition");
    requireNonNull(wrapper, "wrapper");
    return new ConnectionDefinition() {
      @Override
      public String type() {
        return definition.type();
      }

      @Override
      public List<String> problems() {
        return definition.problems();
      }

      @Override
      public Optional<Mapping> mapping() {
        return definition.mapping();
      }

      @Override
      public Set<String> secrets() {
        return definition.secrets();
      }

      @Override
      public ConnectorSession open(ConnectorContext context) {
        return wrapper.apply(definition.open(context));
      }
    };
  }

  /** The session calls are handed to. */
  protected final ConnectorSession delegate() {
    return delegate;
  }

  @Override
  public Set<Capability> capabilities() {
    return delegate.capabilities();
  }

  @Override
  public ChangePage changes(Cursor cursor, int pageSize) {
    return delegate.changes(cursor, pageSize);
  }

  @Override
  public Optional<ExternalItem> get(String id) {
    return delegate.get(id);
  }

  @Override
  public ExternalItem create(JsonNode fields, @Nullable String marker) {
    return delegate.create(fields, marker);
  }

  @Override
  public ExternalItem update(String id, JsonNode patch, @Nullable String expectedVersion) {
    return delegate.update(id, patch, expectedVersion);
  }

  @Override
  public Optional<ExternalItem> findByMarker(String marker) {
    return delegate.findByMarker(marker);
  }

  @Override
  public java.util.Map<String, java.time.Instant> fieldsChangedAt(String itemId) {
    return delegate.fieldsChangedAt(itemId);
  }

  @Override
  public void delete(String id) {
    delegate.delete(id);
  }

  @Override
  public List<ExternalComment> comments(String itemId, @Nullable Instant since) {
    return delegate.comments(itemId, since);
  }

  @Override
  public ExternalComment addComment(String itemId, String markdownBody) {
    return delegate.addComment(itemId, markdownBody);
  }

  @Override
  public ExternalComment updateComment(String itemId, String commentId, String markdownBody) {
    return delegate.updateComment(itemId, commentId, markdownBody);
  }

  @Override
  public ExternalItem transition(String itemId, String targetStatus) {
    return delegate.transition(itemId, targetStatus);
  }

  @Override
  public ConnectorHealth health() {
    return delegate.health();
  }

  @Override
  public Optional<WebhookHandler> webhooks() {
    return delegate.webhooks();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
