package dev.integrationagent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.sync.Side;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The conflicts a plan has queued for a person, as a pass sees them: read once a pass, kept up to
 * date as the pass queues conflicts and as the sides' values of a queued field change.
 */
final class ConflictQueue {
  private final PlanContext ctx;

  ConflictQueue(PlanContext ctx) {
    this.ctx = ctx;
  }

  static String id(Link link, String field) {
    return link.planId() + ":" + link.aId() + ":" + field;
  }

  /**
   * The conflicts queued for a person on this link, by field. The queue is read once a pass; the
   * pass keeps its copy up to date as it queues and updates conflicts.
   */
  Map<String, ConflictRecord> of(Pass pass, Link link) {
    if (pass.queued == null) {
      pass.queued = new java.util.HashMap<>();
      ctx.store().conflicts(ctx.settings().planId()).forEach(c -> pass.queue(c));
    }
    Map<String, ConflictRecord> out = pass.queued.get(link.aId() + "\n" + link.bId());
    return out == null ? Map.of() : Map.copyOf(out);
  }

  void save(Pass pass, ConflictRecord conflict) {
    ctx.store().saveConflict(conflict);
    if (pass.queued != null) {
      pass.queue(conflict);
    }
  }

  /** A queued conflict shows what each side holds now, so a person resolves what is really there. */
  void keepUpToDate(Pass pass, ConflictRecord conflict, Map<String, JsonNode> aFields,
      Map<String, JsonNode> bFields, @Nullable Side onlyReadSide) {
    JsonNode aNow = onlyReadSide == Side.B ? null : aFields.get(conflict.field());
    JsonNode bNow = onlyReadSide == Side.A ? null : bFields.get(conflict.field());
    aNow = aNow == null ? conflict.aValue() : aNow;
    bNow = bNow == null ? conflict.bValue() : bNow;
    if (aNow.equals(conflict.aValue()) && bNow.equals(conflict.bValue())) {
      return;
    }
    save(pass, new ConflictRecord(conflict.id(), conflict.planId(), conflict.aId(), conflict.bId(),
        conflict.field(), conflict.base(), aNow, bNow, conflict.createdAt()));
  }
}
