package dev.integrationagent;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.sync.ConflictResolver;
import dev.integrationagent.api.sync.Resolution;
import dev.integrationagent.api.sync.Side;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a plan settles a field edited on both sides since the last sync.
 *
 * <pre>{@code
 * SyncPlan.between("github", "jira").twoWay()
 *     .conflicts(ConflictPolicy.perField(Map.of("status", ConflictPolicy.sourceWins("jira")),
 *                                        ConflictPolicy.lastWriteWins()))
 * }</pre>
 */
public final class ConflictPolicy {
  private final String description;
  private final Factory factory;

  @FunctionalInterface
  private interface Factory {
    ConflictResolver resolver(String a, String b, List<String> problems);
  }

  private ConflictPolicy(String description, Factory factory) {
    this.description = description;
    this.factory = factory;
  }

  /** The side whose item changed last wins; on a tie, side A. */
  public static ConflictPolicy lastWriteWins() {
    return new ConflictPolicy("lastWriteWins", (a, b, problems) -> c -> Resolution.take(c,
        c.bUpdatedAt().isAfter(c.aUpdatedAt()) ? Side.B : Side.A));
  }

  /** The named connection's value always wins. */
  public static ConflictPolicy sourceWins(String connectionId) {
    requireNonNull(connectionId, "connectionId");
    return new ConflictPolicy("sourceWins(" + connectionId + ")", (a, b, problems) -> {
      if (!connectionId.equals(a) && !connectionId.equals(b)) {
        problems.add("conflicts: sourceWins names '" + connectionId + "', which is not one of the plan's connections ["
            + a + ", " + b + "]");
      }
      Side side = connectionId.equals(b) ? Side.B : Side.A;
      return c -> Resolution.take(c, side);
    });
  }

  /** Leave both sides untouched and park the conflict in the queue for a person. */
  public static ConflictPolicy manual() {
    return new ConflictPolicy("manual", (a, b, problems) -> c -> Resolution.manual());
  }

  /** A policy per canonical field, and {@code otherwise} for the rest. */
  public static ConflictPolicy perField(Map<String, ConflictPolicy> byField, ConflictPolicy otherwise) {
    Map<String, ConflictPolicy> copy = new LinkedHashMap<>(byField);
    requireNonNull(otherwise, "otherwise");
    return new ConflictPolicy("perField" + copy + " otherwise " + otherwise, (a, b, problems) -> {
      Map<String, ConflictResolver> resolvers = new LinkedHashMap<>();
      copy.forEach((field, policy) -> resolvers.put(field, policy.factory.resolver(a, b, problems)));
      ConflictResolver fallback = otherwise.factory.resolver(a, b, problems);
      return c -> resolvers.getOrDefault(c.field(), fallback).resolve(c);
    });
  }

  /** A resolver of the host's own. */
  public static ConflictPolicy custom(ConflictResolver resolver) {
    requireNonNull(resolver, "resolver");
    return new ConflictPolicy("custom(" + resolver + ")", (a, b, problems) -> resolver);
  }

  /** The resolver for a plan between connections {@code a} and {@code b}, or the problems found. */
  ConflictResolver resolver(String a, String b, List<String> problems) {
    return factory.resolver(a, b, problems);
  }

  List<String> problems(String a, String b) {
    List<String> problems = new ArrayList<>();
    factory.resolver(a, b, problems);
    return problems;
  }

  @Override
  public String toString() {
    return description;
  }
}
