package dev.integrationagent.audit;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.audit.AuditEvent;
import java.time.Instant;
import javax.annotation.Nullable;

/**
 * Which audit records to read back from a queryable trail ({@code AuditLogs.query}, the JDBC
 * sink): every condition given must hold; an absent one matches everything. Results come oldest
 * first; when more match than {@link #limit()}, the newest {@code limit} are kept.
 *
 * <pre>{@code
 * AuditQuery q = AuditQuery.all().item("jira", "APP-3").since(Instant.parse("2026-12-01T00:00:00Z"));
 * }</pre>
 *
 * @param connectionId records of this connection (as the written side or the counterpart), or null
 * @param itemId with {@code connectionId}: records of this item on either side, or null
 * @param from records at or after this instant, or null
 * @param until records before this instant, or null
 * @param actorKind records by this kind of actor, or null
 * @param actorId with {@code actorKind}: records by this actor, or null
 * @param operation an operation ({@code item.updated}) or a prefix ending in {@code .*}
 *     ({@code item.*}), or null
 * @param limit at most this many records, at least 1
 */
public record AuditQuery(
    @Nullable String connectionId, @Nullable String itemId, @Nullable Instant from, @Nullable Instant until,
    @Nullable AuditEvent.Actor.Kind actorKind, @Nullable String actorId, @Nullable String operation, int limit) {
  /** The limit of {@link #all()}. */
  public static final int DEFAULT_LIMIT = 1_000;

  public AuditQuery {
    if (itemId != null && connectionId == null) {
      throw new IllegalArgumentException("an item is named with its connection: item(connectionId, itemId)");
    }
    if (actorId != null && actorKind == null) {
      throw new IllegalArgumentException("an actor is named with its kind: actor(kind, id)");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1 but was " + limit);
    }
    if (from != null && until != null && until.isBefore(from)) {
      throw new IllegalArgumentException("until " + until + " is before from " + from);
    }
  }

  /** Every record, up to {@link #DEFAULT_LIMIT}. */
  public static AuditQuery all() {
    return new AuditQuery(null, null, null, null, null, null, null, DEFAULT_LIMIT);
  }

  public AuditQuery connection(String id) {
    return new AuditQuery(requireNonNull(id, "connectionId"), null, from, until, actorKind, actorId, operation, limit);
  }

  public AuditQuery item(String connection, String item) {
    return new AuditQuery(requireNonNull(connection, "connectionId"), requireNonNull(item, "itemId"), from, until,
        actorKind, actorId, operation, limit);
  }

  /** Records at or after {@code from} and before {@code until}. */
  public AuditQuery between(Instant from, Instant until) {
    return new AuditQuery(connectionId, itemId, requireNonNull(from, "from"), requireNonNull(until, "until"),
        actorKind, actorId, operation, limit);
  }

  public AuditQuery since(Instant from) {
    return new AuditQuery(connectionId, itemId, requireNonNull(from, "from"), until, actorKind, actorId, operation,
        limit);
  }

  public AuditQuery actor(AuditEvent.Actor.Kind kind) {
    return new AuditQuery(connectionId, itemId, from, until, requireNonNull(kind, "kind"), null, operation, limit);
  }

  public AuditQuery actor(AuditEvent.Actor actor) {
    return new AuditQuery(connectionId, itemId, from, until, actor.kind(), actor.id(), operation, limit);
  }

  public AuditQuery operation(String value) {
    return new AuditQuery(connectionId, itemId, from, until, actorKind, actorId, requireNonNull(value, "operation"),
        limit);
  }

  public AuditQuery limit(int value) {
    return new AuditQuery(connectionId, itemId, from, until, actorKind, actorId, operation, value);
  }

  /** Whether {@code e} is one of the records this query asks for (the limit aside). */
  public boolean matches(AuditEvent e) {
    if (connectionId != null) {
      boolean here = connectionId.equals(e.connectionId()) && (itemId == null || itemId.equals(e.itemId()));
      boolean there = connectionId.equals(e.counterpartConnectionId())
          && (itemId == null || itemId.equals(e.counterpartItemId()));
      if (!here && !there) {
        return false;
      }
    }
    if (from != null && e.at().isBefore(from)) {
      return false;
    }
    if (until != null && !e.at().isBefore(until)) {
      return false;
    }
    if (actorKind != null && (e.actor().kind() != actorKind || (actorId != null && !actorId.equals(e.actor().id())))) {
      return false;
    }
    if (operation != null) {
      return operation.endsWith(".*") ? e.operation().startsWith(operation.substring(0, operation.length() - 1))
          : operation.equals(e.operation());
    }
    return true;
  }
}
