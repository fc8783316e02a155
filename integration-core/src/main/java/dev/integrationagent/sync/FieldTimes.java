package dev.integrationagent.sync;

import dev.integrationagent.api.connector.ExternalItem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * When fields last changed, as the tools tell ({@code ConnectorSession.fieldsChangedAt}), in
 * canonical fields: what last-write-wins weighs where both sides changed a field.
 */
final class FieldTimes {

  private final PlanContext ctx;

  FieldTimes(PlanContext ctx) {
    this.ctx = ctx;
  }

  /**
   * When the side last changed each of {@code fields}, where its tool tells: the conflict policy
   * then weighs the fields' own times, not the items' (an item edited later in another field is
   * not the later edit of this one). Asked only for fields both sides changed; a tool that cannot
   * tell, or fails to, leaves the item's time to stand.
   */
  Map<String, Instant> changedAt(SyncParticipant side, ExternalItem item, Set<String> fields) {
    if (fields.isEmpty()) {
      return Map.of();
    }
    Map<String, Instant> byPointer;
    try {
      byPointer = side.session().fieldsChangedAt(item.id());
    } catch (RuntimeException e) {
      ctx.log().debug("plan {}: {} could not tell when the fields of {} changed: {}", ctx.settings().planId(),
          side.connectionId(), item.id(), e.toString());
      return Map.of();
    }
    return canonical(side, byPointer, fields);
  }

  /** Per canonical field, the latest time of the vendor fields it is read from, where known. */
  static Map<String, Instant> canonical(SyncParticipant side, Map<String, Instant> byPointer,
      Set<String> fields) {
    Map<String, Instant> out = new LinkedHashMap<>();
    for (String field : fields) {
      side.mapping().sourcesOf(field).stream().map(byPointer::get).filter(java.util.Objects::nonNull)
          .max(java.util.Comparator.naturalOrder()).ifPresent(at -> out.put(field, at));
    }
    return out;
  }
}
