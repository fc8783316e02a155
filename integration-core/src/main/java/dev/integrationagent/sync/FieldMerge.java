package dev.integrationagent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.integrationagent.api.sync.ConflictResolver;
import dev.integrationagent.api.sync.FieldConflict;
import dev.integrationagent.api.sync.MergeInput;
import dev.integrationagent.api.sync.MergeResult;
import dev.integrationagent.api.sync.Resolution;
import dev.integrationagent.api.sync.SyncStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * The default {@link SyncStrategy}: a field-level three-way merge. A field changed on one side
 * since the last sync goes to the other side; a field changed on both sides to different values
 * goes to the resolver; a field equal on both sides is settled whatever the base says; a field
 * neither side changed is left alone even where the two tools represent it differently.
 */
public final class FieldMerge implements SyncStrategy {
  public static final FieldMerge INSTANCE = new FieldMerge();

  private FieldMerge() {}

  @Override
  public MergeResult merge(MergeInput in, ConflictResolver resolver) {
    Set<String> names = new LinkedHashSet<>(in.a().keySet());
    names.addAll(in.b().keySet());
    Map<String, JsonNode> toA = new LinkedHashMap<>();
    Map<String, JsonNode> toB = new LinkedHashMap<>();
    Map<String, JsonNode> base = new LinkedHashMap<>();
    List<FieldConflict> parked = new ArrayList<>();
    for (String field : names) {
      JsonNode a = valueOf(in.a(), field);
      JsonNode b = valueOf(in.b(), field);
      if (a.equals(b)) {
        base.put(field, a);
        continue;
      }
      @Nullable JsonNode was = in.base() == null ? null : valueOf(in.base(), field);
      boolean aChanged = in.aChanged() != null ? in.aChanged().contains(field) : was == null || !a.equals(was);
      boolean bChanged = in.bChanged() != null ? in.bChanged().contains(field) : was == null || !b.equals(was);
      if (!aChanged && !bChanged) {
        // the sides differ only as each tool represents the value: nothing to do
        base.put(field, was == null ? a : was);
      } else if (aChanged && !bChanged) {
        toB.put(field, a);
        base.put(field, a);
      } else if (bChanged && !aChanged) {
        toA.put(field, b);
        base.put(field, b);
      } else {
        FieldConflict conflict = new FieldConflict(in.planId(), field, was, a, b, in.aTimeOf(field), in.bTimeOf(field));
        Resolution resolution = resolver.resolve(conflict);
        if (resolution.isManual()) {
          parked.add(conflict);
          if (was != null) {
            base.put(field, was);
          }
        } else {
          JsonNode value = resolution.value();
          if (!value.equals(a)) {
            toA.put(field, value);
          }
          if (!value.equals(b)) {
            toB.put(field, value);
          }
          base.put(field, value);
        }
      }
    }
    return new MergeResult(toA, toB, base, parked);
  }

  private static JsonNode valueOf(Map<String, JsonNode> fields, String name) {
    JsonNode value = fields.get(name);
    return value == null ? NullNode.getInstance() : value;
  }
}
