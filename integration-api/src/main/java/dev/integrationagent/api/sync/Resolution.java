package dev.integrationagent.api.sync;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import javax.annotation.Nullable;

/**
 * What a {@link ConflictResolver} decided for one {@link FieldConflict}.
 *
 * @param value the value both sides get, or null for {@link #manual()}
 */
public record Resolution(@Nullable JsonNode value) {

  /** Both sides get {@code side}'s value. */
  public static Resolution take(FieldConflict conflict, Side side) {
    return new Resolution(conflict.value(requireNonNull(side, "side")));
  }

  /** Both sides get {@code value}, for example a merge of both lists. */
  public static Resolution value(JsonNode value) {
    return new Resolution(requireNonNull(value, "value"));
  }

  /** Leave both sides untouched and park the conflict for a person. */
  public static Resolution manual() {
    return new Resolution(null);
  }

  public boolean isManual() {
    return value == null;
  }
}
