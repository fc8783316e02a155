package dev.integrationagent.sync;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.mapping.CanonicalFields;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.audit.AuditTrail;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * What the parts of a plan's pass share: its settings, both sides, the store, the clock and the
 * pass's logger. What a pass does is recorded as events ({@link Outbox}); the audit trail reads them.
 */
record PlanContext(PlanRunner.Settings settings, SyncParticipant a, SyncParticipant b, StateStore store,
    Clock clock, org.slf4j.Logger log, WriteCauses causes, UnsyncedItems unsynced) {

  SyncParticipant participant(Side side) {
    return side == Side.A ? a : b;
  }

  static String describe(SyncParticipant p, ExternalItem item) {
    return p.connectionId() + " item " + (item.key() != null ? item.key() : item.id());
  }

  /** The failure as an {@link IntegrationException}; anything else counts as PERMANENT. */
  static IntegrationException classify(RuntimeException e, String what) {
    if (e instanceof IntegrationException ie) {
      return ie;
    }
    return new IntegrationException(ErrorCategory.PERMANENT, "could not " + what + ": " + e, e);
  }

  /**
   * Whether the plan keeps the field equal: a one-way plan needs A to read it and B to write it;
   * a two-way plan needs both to read it (a side that cannot write it is its source of truth).
   */
  boolean inPlay(String field) {
    if (!settings.syncsUsers() && CanonicalFields.covers(java.util.Set.of(CanonicalFields.ASSIGNEES), field)) {
      return false; // the two sides name people differently and no users table joins them
    }
    if (!settings.twoWay()) {
      return CanonicalFields.covers(a.mapping().fields(), field)
          && CanonicalFields.covers(b.mapping().writableFields(), field);
    }
    return CanonicalFields.covers(a.mapping().fields(), field) && CanonicalFields.covers(b.mapping().fields(), field);
  }

  Map<String, JsonNode> inPlay(Map<String, JsonNode> fields) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    fields.forEach((name, value) -> {
      if (inPlay(name)) {
        out.put(name, value);
      }
    });
    return out;
  }

  /**
   * Whether the plan may write the field to that side: its mapping can write it, and the plan
   * does not make the field flow only out of that side ({@code SyncPlan.Builder.fieldFrom}).
   */
  boolean writable(SyncParticipant side, String field) {
    Side owner = settings.fieldSources().get(field);
    if (owner != null && participant(owner) == side) {
      return false;
    }
    return CanonicalFields.covers(side.mapping().writableFields(), field);
  }
}
