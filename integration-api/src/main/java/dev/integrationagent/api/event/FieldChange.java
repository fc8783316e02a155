package dev.integrationagent.api.event;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A canonical field's value before and after a change; JSON {@code null} where it had none.
 *
 * @param oldValue the value before
 * @param newValue the value after
 */
public record FieldChange(JsonNode oldValue, JsonNode newValue) {
  public FieldChange {
    oldValue = requireNonNull(oldValue, "oldValue").deepCopy();
    newValue = requireNonNull(newValue, "newValue").deepCopy();
  }
}
