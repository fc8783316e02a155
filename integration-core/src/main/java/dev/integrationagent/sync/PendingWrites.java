package dev.integrationagent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.sync.Side;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes of a two-way merge that may have reached a tool without the link recording them: the
 * process died between the write and the link's save. Before writing, the merge marks the link
 * with, per written field, the hash of what the written side will hold ({@code @writing:field})
 * and the hash of what the other side held then ({@code @from:field}). The next merge of the link
 * settles the marks against both sides as they are: where the written side holds exactly what
 * was written, the write landed and both hashes count as seen, so the agent's own write is not
 * taken for a person's edit and weighed against a real one. Otherwise the marks are dropped and
 * the link is as before the write (which did not land, or was edited over since).
 */
final class PendingWrites {
  private static final String WRITING = "@writing:";
  private static final String FROM = "@from:";

  private PendingWrites() {}

  /** Whether the link carries marks of a write that was not recorded. */
  static boolean any(Link link) {
    return has(link.aSeen()) || has(link.bSeen());
  }

  private static boolean has(JsonNode seen) {
    return names(seen).stream().anyMatch(name -> name.startsWith(WRITING));
  }

  /**
   * The link marked for a write, before it is sent.
   *
   * @param writing per side written, per field, the value it will hold (as projected onto that side)
   * @param held per side, its fields as they are now
   */
  static Link mark(Link link, Map<Side, Map<String, JsonNode>> writing, Map<Side, Map<String, JsonNode>> held) {
    ObjectNode aSeen = link.aSeen().deepCopy();
    ObjectNode bSeen = link.bSeen().deepCopy();
    writing.forEach((side, fields) -> fields.forEach((field, value) -> {
      (side == Side.A ? aSeen : bSeen).put(WRITING + field, WrittenState.hash(value));
      JsonNode other = held.get(side.other()).get(field);
      if (other != null && !writing.getOrDefault(side.other(), Map.of()).containsKey(field)) {
        (side == Side.A ? bSeen : aSeen).put(FROM + field, WrittenState.hash(other));
      }
    }));
    return new Link(link.planId(), link.aId(), link.bId(), link.base(), aSeen, bSeen, link.syncedAt());
  }

  /**
   * The link without the marks of the write to {@code side}: what it records once that write was
   * refused (a stale version: nothing was written). Kept, a refused write's mark would take a
   * person's later edit to the same value for the agent's own.
   */
  static Link refused(Link link, Side side) {
    ObjectNode aSeen = link.aSeen().deepCopy();
    ObjectNode bSeen = link.bSeen().deepCopy();
    ObjectNode written = side == Side.A ? aSeen : bSeen;
    ObjectNode other = side == Side.A ? bSeen : aSeen;
    for (String key : names(written)) {
      if (key.startsWith(WRITING)) {
        written.remove(key);
        other.remove(FROM + key.substring(WRITING.length()));
      }
    }
    return new Link(link.planId(), link.aId(), link.bId(), link.base(), aSeen, bSeen, link.syncedAt());
  }

  /** The link with its marks settled against both sides' fields as they are now; see the class comment. */
  static Link settle(Link link, Map<String, JsonNode> aFields, Map<String, JsonNode> bFields) {
    ObjectNode aSeen = link.aSeen().deepCopy();
    ObjectNode bSeen = link.bSeen().deepCopy();
    for (Side side : Side.values()) {
      ObjectNode written = side == Side.A ? aSeen : bSeen;
      ObjectNode other = side == Side.A ? bSeen : aSeen;
      Map<String, JsonNode> now = side == Side.A ? aFields : bFields;
      for (String field : landed(link, side, now)) {
        written.put(field, link.seen(side, WRITING + field));
        String from = link.seen(side.other(), FROM + field);
        if (from != null) {
          other.put(field, from);
        }
      }
    }
    strip(aSeen);
    strip(bSeen);
    return new Link(link.planId(), link.aId(), link.bId(), link.base(), aSeen, bSeen, link.syncedAt());
  }

  /**
   * The fields of {@code side} whose marked write landed: they hold exactly what was written.
   * Their change times on that side are the agent's own write, not a person's.
   */
  static Set<String> landed(Link link, Side side, Map<String, JsonNode> now) {
    Set<String> out = new LinkedHashSet<>();
    for (String key : names(link.seen(side))) {
      if (key.startsWith(WRITING)) {
        String field = key.substring(WRITING.length());
        JsonNode value = now.get(field);
        if (value != null && WrittenState.hash(value).equals(link.seen(side, key))) {
          out.add(field);
        }
      }
    }
    return out;
  }

  /** Removes every mark: what a seen state holds once its write is recorded. */
  private static void strip(ObjectNode seen) {
    seen.remove(names(seen).stream().filter(n -> n.startsWith(WRITING) || n.startsWith(FROM)).toList());
  }

  private static List<String> names(JsonNode seen) {
    List<String> names = new ArrayList<>();
    seen.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
