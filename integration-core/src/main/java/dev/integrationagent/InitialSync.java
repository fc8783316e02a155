package dev.integrationagent;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.mapping.CanonicalFields;
import java.util.Locale;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * What a plan's first pass over a connection does, before it has a cursor there.
 *
 * <pre>{@code
 * SyncPlan.between("github", "jira").initialSync(InitialSync.linkMatching("title"))
 * }</pre>
 */
public final class InitialSync {
  private enum Mode { COPY_ALL, START_FROM_NOW, LINK_MATCHING }

  private final Mode mode;
  private final @Nullable String matchField;

  private InitialSync(Mode mode, @Nullable String matchField) {
    this.mode = mode;
    this.matchField = matchField;
  }

  /** Every existing item is synced, created on the other side where it has no counterpart. The default. */
  public static InitialSync copyAll() {
    return new InitialSync(Mode.COPY_ALL, null);
  }

  /** Existing items are left alone; only changes made from now on are synced. */
  public static InitialSync startFromNow() {
    return new InitialSync(Mode.START_FROM_NOW, null);
  }

  /**
   * Existing items are linked to the other side's item with an equal value of a canonical field
   * (compared trimmed and case-insensitively), and merged; the rest are copied. An item with
   * several look-alikes is copied rather than linked to a guess.
   */
  public static InitialSync linkMatching(String canonicalField) {
    requireNonNull(canonicalField, "canonicalField");
    if (!CanonicalFields.SYNCABLE.contains(canonicalField) && !canonicalField.startsWith(CanonicalFields.CUSTOM_PREFIX)) {
      throw new IllegalArgumentException("linkMatching: '" + canonicalField + "' is not a canonical field; expected one of "
          + CanonicalFields.SYNCABLE + " or custom.<name>");
    }
    return new InitialSync(Mode.LINK_MATCHING, canonicalField);
  }

  boolean startsFromNow() {
    return mode == Mode.START_FROM_NOW;
  }

  /** The field look-alikes are matched on, when linking them. */
  Optional<String> matchField() {
    return Optional.ofNullable(matchField);
  }

  @Override
  public String toString() {
    return mode.name().toLowerCase(Locale.ROOT) + (matchField == null ? "" : "(" + matchField + ")");
  }
}
