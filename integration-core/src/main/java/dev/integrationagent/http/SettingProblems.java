package dev.integrationagent.http;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.ConfigurationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.annotation.Nullable;

/**
 * What a builder collects instead of throwing from its setters, so that {@code build()} reports
 * every misuse at once, each naming its setting: {@code "pageSize: must be between 1 and 1000 but
 * was 0"}. A later valid call of the same setting clears its problem.
 *
 * <pre>{@code
 * private final SettingProblems problems = new SettingProblems();
 *
 * public Builder readTimeout(Duration value) {
 *   readTimeout = problems.check("readTimeout", () -> Arguments.positive("readTimeout", value), readTimeout);
 *   return this;
 * }
 *
 * public Thing build() {
 *   problems.throwIfAny("invalid thing");
 *   ...
 * }
 * }</pre>
 *
 * <p>Secrets: a check of a secret setting must not quote the value; {@link Arguments} quotes
 * durations and numbers only, and a {@code null} is reported as missing, never as its value.
 */
public final class SettingProblems {
  private final Map<String, String> bySetting = new LinkedHashMap<>();

  /**
   * Runs {@code check}; returns its value, or records why it failed under {@code setting} and
   * returns {@code fallback}. An {@link IllegalArgumentException}'s message is the problem (a
   * leading setting name is dropped); a {@link NullPointerException} means the value was missing.
   */
  public <T> T check(String setting, Supplier<T> check, T fallback) {
    requireNonNull(setting, "setting");
    try {
      T value = check.get();
      bySetting.remove(setting);
      return value;
    } catch (NullPointerException e) {
      record(setting, missing());
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      record(setting, message.startsWith(setting + " ") ? message.substring(setting.length() + 1) : message);
    }
    return fallback;
  }

  /** Like {@link #check} for a value that only has to be present. */
  public <T> @Nullable T present(String setting, @Nullable T value, @Nullable T fallback) {
    if (value == null) {
      record(setting, missing());
      return fallback;
    }
    bySetting.remove(setting);
    return value;
  }

  /** The text for a value given as {@code null}. */
  public static String missing() {
    return "missing (null was given; if it comes from an environment variable, is that variable set?)";
  }

  /** Records a problem of the setting, replacing an earlier one. */
  public void record(String setting, String problem) {
    bySetting.put(requireNonNull(setting, "setting"), requireNonNull(problem, "problem"));
  }

  /** Forgets the setting's problem (it was set again, validly). */
  public void clear(String setting) {
    bySetting.remove(setting);
  }

  public boolean isEmpty() {
    return bySetting.isEmpty();
  }

  /** Each problem as {@code "setting: what is wrong"}, in the order the settings were first misused. */
  public List<String> list() {
    List<String> out = new ArrayList<>();
    bySetting.forEach((setting, problem) -> out.add(setting + ": " + problem));
    return out;
  }

  /** Like {@link #list()}, each prefixed ({@code "plans.a-b."}). */
  public List<String> list(String prefix) {
    return list().stream().map(p -> prefix + p).toList();
  }

  /**
   * The problems a definition found by checking its values ({@code checks}, each starting with
   * its setting and a colon), and after them those recorded here; a check of a setting whose
   * setter was misused is left out, since the misuse says more.
   */
  public List<String> merge(List<String> checks) {
    List<String> out = new ArrayList<>();
    for (String check : checks) {
      int colon = check.indexOf(':');
      if (colon < 0 || !bySetting.containsKey(check.substring(0, colon))) {
        out.add(check);
      }
    }
    out.addAll(list());
    return out;
  }

  /** @throws ConfigurationException with every problem, when there is one */
  public void throwIfAny(String summary) {
    if (!bySetting.isEmpty()) {
      throw new ConfigurationException(summary, list());
    }
  }
}
