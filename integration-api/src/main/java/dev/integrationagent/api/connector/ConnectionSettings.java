package dev.integrationagent.api.connector;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of one connection as plain strings, the form they take in configuration files
 * and environment variables. Values named in {@link #secretKeys()} are secrets: they are never
 * printed, and {@link #toString()} masks them.
 *
 * <pre>{@code
 * ConnectionSettings s = ConnectionSettings.builder()
 *     .put("baseUrl", "https://api.github.com")
 *     .put("repository", "acme/app")
 *     .secret("token", System.getenv("GITHUB_TOKEN"))
 *     .build();
 * }</pre>
 */
public final class ConnectionSettings {
  private final Map<String, String> values;
  private final Set<String> secretKeys;
  private final Set<String> missingKeys;

  private ConnectionSettings(Map<String, String> values, Set<String> secretKeys, Set<String> missingKeys) {
    this.values = Map.copyOf(values);
    this.secretKeys = Set.copyOf(secretKeys);
    this.missingKeys = Set.copyOf(missingKeys);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(requireNonNull(key, "key")));
  }

  /** The keys whose values are secrets. */
  public Set<String> secretKeys() {
    return secretKeys;
  }

  /**
   * Keys that were given {@code null} (typically an environment variable that is not set). They
   * have no value; the agent reports each as a problem of the connection at {@code build()}.
   */
  public Set<String> missingKeys() {
    return missingKeys;
  }

  /** Every key, secret or not. */
  public Set<String> keys() {
    return values.keySet();
  }

  @Override
  public String toString() {
    Map<String, String> shown = new LinkedHashMap<>();
    values.keySet().stream().sorted()
        .forEach(k -> shown.put(k, secretKeys.contains(k) ? "***" : values.get(k)));
    return "ConnectionSettings" + shown;
  }

  /**
   * Collects settings; later puts of a key replace earlier ones. A {@code null} value is not an
   * exception here: the key is recorded as {@linkplain #missingKeys() missing} and reported with
   * every other problem when the agent is built.
   */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final java.util.HashSet<String> secretKeys = new java.util.HashSet<>();
    private final java.util.LinkedHashSet<String> missingKeys = new java.util.LinkedHashSet<>();

    private Builder() {}

    public Builder put(String key, @javax.annotation.Nullable String value) {
      set(key, value);
      secretKeys.remove(key);
      return this;
    }

    public Builder secret(String key, @javax.annotation.Nullable String value) {
      set(key, value);
      secretKeys.add(key);
      return this;
    }

    private void set(String key, @javax.annotation.Nullable String value) {
      requireNonNull(key, "key");
      if (value == null) {
        values.remove(key);
        missingKeys.add(key);
      } else {
        values.put(key, value);
        missingKeys.remove(key);
      }
    }

    public ConnectionSettings build() {
      return new ConnectionSettings(values, secretKeys, missingKeys);
    }
  }
}
