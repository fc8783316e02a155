package dev.integrationagent.connectors.jdbc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.HostItems;
import dev.integrationagent.api.mapping.Mapping;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * The host's own {@link HostItems} callbacks as a connection, for hosts whose data lives behind
 * their own services rather than in a table the agent may read.
 *
 * <pre>{@code
 * IntegrationAgent.builder()
 *     .connection("tickets", HostConnector.of(ticketItems).mapping(Mappings.fromYaml(path)))
 * }</pre>
 */
public final class HostConnector {
  /** The tool type. */
  public static final String TYPE = "host";

  private HostConnector() {}

  /** A connection definition over {@code items}; give it a mapping. */
  public static Builder of(HostItems items) {
    return new Builder(requireNonNull(items, "items"));
  }

  /** The connection over one {@link HostItems}. */
  public static final class Builder implements ConnectionDefinition {
    private final HostItems items;
    private @Nullable Mapping mapping;

    private Builder(HostItems items) {
      this.items = items;
    }

    /** The mapping between the host's item JSON and the canonical item; required. */
    public Builder mapping(Mapping value) {
      this.mapping = requireNonNull(value, "mapping");
      return this;
    }

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public List<String> problems() {
      return mapping == null ? List.of("mapping: missing; give the mapping between the host's items and the canonical item")
          : List.of();
    }

    @Override
    public Optional<Mapping> mapping() {
      return Optional.ofNullable(mapping);
    }

    @Override
    public ConnectorSession open(ConnectorContext context) {
      requireNonNull(context, "context");
      if (!problems().isEmpty()) {
        throw new ConfigurationException("host connection '" + context.connectionId() + "' is invalid", problems());
      }
      return new Session(items, context.clock());
    }
  }

  /** The adapter: each session call is one host call. */
  private static final class Session implements ConnectorSession {
    private final HostItems items;
    private final Clock clock;
    private final Set<Capability> capabilities;

    Session(HostItems items, Clock clock) {
      this.items = items;
      this.clock = clock;
      EnumSet<Capability> can = EnumSet.of(Capability.READ_CHANGES, Capability.CREATE, Capability.UPDATE,
          Capability.SYNC_MARKERS);
      if (items.checksVersions()) {
        can.add(Capability.OPTIMISTIC_LOCKING);
      }
      if (items.deletes()) {
        can.add(Capability.DELETE);
      }
      this.capabilities = Set.copyOf(can);
    }

    @Override
    public Set<Capability> capabilities() {
      return capabilities;
    }

    @Override
    public ChangePage changes(Cursor cursor, int pageSize) {
      requireNonNull(cursor, "cursor");
      if (pageSize < 1) {
        throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
      }
      return items.changedSince(cursor, pageSize);
    }

    @Override
    public Optional<ExternalItem> get(String id) {
      return items.get(requireNonNull(id, "id"));
    }

    @Override
    public Optional<ExternalItem> findByMarker(String marker) {
      return items.findByMarker(requireNonNull(marker, "marker"));
    }

    @Override
    public ExternalItem create(JsonNode fields, @Nullable String marker) {
      return items.upsert(null, requireNonNull(fields, "fields"), null, marker);
    }

    @Override
    public ExternalItem update(String id, JsonNode patch, @Nullable String expectedVersion) {
      return items.upsert(requireNonNull(id, "id"), requireNonNull(patch, "patch"),
          items.checksVersions() ? expectedVersion : null, null);
    }

    @Override
    public void delete(String id) {
      requireNonNull(id, "id");
      if (!items.deletes()) {
        throw new IntegrationException(ErrorCategory.PERMANENT, "delete is not supported by "
            + items.getClass().getSimpleName());
      }
      items.delete(id);
    }

    /** One listing of one item: the cheapest call every host has. */
    @Override
    public ConnectorHealth health() {
      Instant start = clock.instant();
      try {
        items.changedSince(Cursor.START, 1);
        return ConnectorHealth.up(Duration.between(start, clock.instant()));
      } catch (RuntimeException e) {
        return ConnectorHealth.down(String.valueOf(e.getMessage()), Duration.between(start, clock.instant()));
      }
    }
  }
}
