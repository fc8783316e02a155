package dev.integrationagent.monitor;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.annotation.Nullable;

/**
 * The identity of one series: a dotted name ({@link MetricNames}) and its tags, sorted by key. The
 * agent makes one per series and hands the same instance with every observation of it
 * ({@link MetricsRecorder}), so a binder can key its own meters on it cheaply.
 *
 * <pre>{@code
 * MetricId id = MetricId.of(MetricNames.HTTP_CALLS, "connection", "github", "status", "200");
 * id.tag("status"); // "200"
 * }</pre>
 */
public final class MetricId {
  private final String name;
  private final SortedMap<String, String> tags;
  private final int hash;

  private MetricId(String name, SortedMap<String, String> tags) {
    this.name = name;
    this.tags = Collections.unmodifiableSortedMap(tags);
    this.hash = name.hashCode() * 31 + tags.hashCode(); // computed once: looked up on every call
  }

  /** A series id from a name and tag keys and values in pairs ({@code "connection", "github", …}). */
  public static MetricId of(String name, String... keysAndValues) {
    requireNonNull(name, "name");
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("tags come in key/value pairs, got " + keysAndValues.length + " strings: "
          + String.join(", ", keysAndValues));
    }
    SortedMap<String, String> tags = new TreeMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      tags.put(requireNonNull(keysAndValues[i], "tag key"), requireNonNull(keysAndValues[i + 1], "tag value"));
    }
    return new MetricId(name, tags);
  }

  /** A series id from a name and its tags. */
  public static MetricId of(String name, Map<String, String> tags) {
    return new MetricId(requireNonNull(name, "name"), new TreeMap<>(tags));
  }

  public String name() {
    return name;
  }

  /** The tags, sorted by key; unmodifiable. */
  public SortedMap<String, String> tags() {
    return tags;
  }

  /** The value of a tag, or null when the series has no such tag. */
  public @Nullable String tag(String key) {
    return tags.get(key);
  }

  /** Whether every pair given ({@code key, value, …}) is among this series' tags. */
  boolean matches(String name, String... keysAndValues) {
    if (!this.name.equals(name)) {
      return false;
    }
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      if (!keysAndValues[i + 1].equals(tags.get(keysAndValues[i]))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o == this || (o instanceof MetricId other && hash == other.hash && name.equals(other.name)
        && tags.equals(other.tags));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** {@code integration.http.calls{connection=github,status=200}}. */
  @Override
  public String toString() {
    return name + tags.toString().replace(", ", ",");
  }
}
