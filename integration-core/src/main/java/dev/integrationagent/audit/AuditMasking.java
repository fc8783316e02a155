package dev.integrationagent.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.event.FieldChange;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.Nullable;

/**
 * Which canonical fields' values the audit trail hides, per connection: a record of a change to such
 * a field on that connection (as the written side or the counterpart) keeps the field's name and
 * whether it had a value, and shows {@link AuditEvent#MASKED} for the value before and after. The
 * connection {@code *} stands for every connection. Applied before any sink sees a record.
 *
 * <pre>{@code
 * AuditMasking masking = AuditMasking.none().mask("jira", "description").mask("*", "custom");
 * }</pre>
 */
public final class AuditMasking {
  /** The connection id that stands for every connection. */
  public static final String EVERY_CONNECTION = "*";
  private static final AuditMasking NONE = new AuditMasking(Map.of());

  private final Map<String, Set<String>> fields;

  private AuditMasking(Map<String, Set<String>> fields) {
    this.fields = fields;
  }

  /** Hides nothing. */
  public static AuditMasking none() {
    return NONE;
  }

  /** These rules and also: hide {@code fieldNames} of {@code connectionId} ({@code *}: of every connection). */
  public AuditMasking mask(String connectionId, String... fieldNames) {
    requireNonNull(connectionId, "connectionId");
    Map<String, Set<String>> next = new TreeMap<>(fields);
    Set<String> names = new TreeSet<>(next.getOrDefault(connectionId, Set.of()));
    for (String field : fieldNames) {
      if (field == null || field.isBlank()) {
        throw new IllegalArgumentException("audit masking of " + connectionId + ": a field name is blank");
      }
      names.add(field);
    }
    next.put(connectionId, Collections.unmodifiableSet(names));
    return new AuditMasking(Collections.unmodifiableMap(next));
  }

  /** The masked fields, by connection id. */
  public Map<String, Set<String>> rules() {
    return fields;
  }

  /** {@code e} with the values of its masked fields hidden, and the attribute {@code masked} naming them. */
  public AuditEvent apply(AuditEvent e) {
    if (fields.isEmpty() || e.changes().isEmpty()) {
      return e;
    }
    Map<String, FieldChange> changes = new LinkedHashMap<>();
    Set<String> masked = new TreeSet<>();
    e.changes().forEach((field, change) -> {
      if (masks(e.connectionId(), field) || masks(e.counterpartConnectionId(), field)) {
        masked.add(field);
        changes.put(field, new FieldChange(hide(change.oldValue()), hide(change.newValue())));
      } else {
        changes.put(field, change);
      }
    });
    if (masked.isEmpty()) {
      return e;
    }
    return e.toBuilder().changes(changes).attribute("masked", String.join(",", masked)).build();
  }

  private boolean masks(@Nullable String connectionId, String field) {
    return fields.getOrDefault(EVERY_CONNECTION, Set.of()).contains(field)
        || (connectionId != null && fields.getOrDefault(connectionId, Set.of()).contains(field));
  }

  private static com.fasterxml.jackson.databind.JsonNode hide(com.fasterxml.jackson.databind.JsonNode value) {
    return value.isNull() || value.isMissingNode() ? value : TextNode.valueOf(AuditEvent.MASKED);
  }
}
