package dev.integrationagent;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.http.Arguments;
import dev.integrationagent.http.SettingProblems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * A sync between two connections: direction, which side creates new items, conflicts, schedule.
 *
 * <pre>{@code
 * SyncPlan.between("github", "jira")     // id "github-jira"
 *     .twoWay()                          // or oneWay(): github -> jira only
 *     .createIn("jira")                  // new github items are created in jira, not the reverse
 *     .conflicts(ConflictPolicy.lastWriteWins())
 *     .every(Duration.ofMinutes(5));
 * }</pre>
 */
public final class SyncPlan {
  /** Largest page the engine asks a connector for. */
  public static final int MAX_PAGE_SIZE = 1000;

  private final String id;
  private final String a;
  private final String b;
  private final boolean twoWay;
  private final Set<String> createIn;
  private final ConflictPolicy conflicts;
  private final @Nullable Duration every;
  private final int pageSize;
  private final int maxAttempts;
  private final Duration firstBackoff;
  private final DeletePolicy deletes;
  private final Duration reconcileEvery;
  private final Map<String, String> scopes;
  private final InitialSync initialSync;
  private final boolean comments;
  private final Map<String, String> fieldSources;
  private final List<String> builderProblems;

  private SyncPlan(Builder builder) {
    this.builderProblems = builder.problems.list();
    this.id = builder.id == null ? builder.a + "-" + builder.b : builder.id;
    this.a = builder.a;
    this.b = builder.b;
    this.twoWay = builder.twoWay;
    this.createIn = builder.createIn == null
        ? (twoWay ? Set.of(a, b) : Set.of(b))
        : Set.copyOf(builder.createIn);
    this.conflicts = builder.conflicts;
    this.every = builder.every;
    this.pageSize = builder.pageSize;
    this.maxAttempts = builder.maxAttempts;
    this.firstBackoff = builder.firstBackoff;
    this.deletes = builder.deletes;
    this.reconcileEvery = builder.reconcileEvery;
    this.scopes = Map.copyOf(builder.scopes);
    this.initialSync = builder.initialSync;
    this.comments = builder.comments;
    this.fieldSources = Map.copyOf(builder.fieldSources);
  }

  /** Starts a plan between two connections; {@code a} is side A, the source of a one-way plan. */
  public static Builder between(String a, String b) {
    return new Builder(a, b);
  }

  public String id() {
    return id;
  }

  /** Side A's connection id. */
  public String a() {
    return a;
  }

  /** Side B's connection id. */
  public String b() {
    return b;
  }

  public boolean isTwoWay() {
    return twoWay;
  }

  /** The connections new items are created in. */
  public Set<String> createIn() {
    return createIn;
  }

  public ConflictPolicy conflicts() {
    return conflicts;
  }

  /** How often {@code agent.start()} runs the plan; empty when only {@code syncNow} runs it. */
  public Optional<Duration> every() {
    return Optional.ofNullable(every);
  }

  public int pageSize() {
    return pageSize;
  }

  /** How often an item is tried before it is parked. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The wait after an item's first retryable failure; it doubles after each, up to an hour. */
  public Duration firstBackoff() {
    return firstBackoff;
  }

  public DeletePolicy deletes() {
    return deletes;
  }

  /** How often a pass lists each side completely to find deletes its tool does not report; zero when never. */
  public Duration reconcileEvery() {
    return reconcileEvery;
  }

  /** Scope predicates (JSLT over the canonical item) by connection id. */
  public Map<String, String> scopes() {
    return scopes;
  }

  public InitialSync initialSync() {
    return initialSync;
  }

  /** Fields that flow only out of one connection, by field. */
  public Map<String, String> fieldSources() {
    return fieldSources;
  }

  /** Whether comments are copied along with items. */
  public boolean syncsComments() {
    return comments;
  }

  /** Problems found against the agent's connections, each prefixed with the plan's id. */
  List<String> problems(Set<String> connectionIds) {
    List<String> problems = new ArrayList<>();
    builderProblems.forEach(p -> problems.add("plans." + id + "." + p));
    String where = "plans." + id + ": ";
    for (String side : List.of(a, b)) {
      if (!connectionIds.contains(side)) {
        problems.add(where + "unknown connection '" + side + "'; known connections: " + connectionIds);
      }
    }
    if (a.equals(b)) {
      problems.add(where + "syncs connection '" + a + "' with itself; name two different connections");
    }
    for (String target : createIn) {
      if (!target.equals(a) && !target.equals(b)) {
        problems.add(where + "createIn names '" + target + "', which is not one of the plan's connections");
      } else if (!twoWay && target.equals(a)) {
        problems.add(where + "createIn names '" + a + "', the source of a one-way plan; only '" + b
            + "' receives items");
      }
    }
    conflicts.problems(a, b).forEach(p -> problems.add(where + p));
    fieldSources.forEach((field, connection) -> {
      if (!connection.equals(a) && !connection.equals(b)) {
        problems.add(where + "fieldFrom(" + field + ") names '" + connection
            + "', which is not one of the plan's connections");
      }
      if (!dev.integrationagent.api.mapping.CanonicalFields.SYNCABLE.contains(field)
          && !field.startsWith(dev.integrationagent.api.mapping.CanonicalFields.CUSTOM_PREFIX)) {
        problems.add(where + "fieldFrom names '" + field + "', which is not a canonical field");
      }
    });
    scopes.forEach((connection, expression) -> {
      if (!connection.equals(a) && !connection.equals(b)) {
        problems.add(where + "scope names '" + connection + "', which is not one of the plan's connections");
      } else {
        dev.integrationagent.mapping.ScopeFilter.compile(expression, where + "scope." + connection, problems);
      }
    });
    return problems;
  }

  @Override
  public String toString() {
    return "SyncPlan[" + id + ": " + a + (twoWay ? " <-> " : " -> ") + b + ", createIn " + createIn
        + ", conflicts " + conflicts + (every == null ? "" : ", every " + every) + "]";
  }

  /** Builds a {@link SyncPlan}; the agent builder accepts the builder itself. */
  public static final class Builder {
    private final String a;
    private final String b;
    private @Nullable String id;
    private boolean twoWay;
    private @Nullable Set<String> createIn;
    private ConflictPolicy conflicts = ConflictPolicy.lastWriteWins();
    private @Nullable Duration every;
    private int pageSize = 100;
    private int maxAttempts = 5;
    private Duration firstBackoff = Duration.ofMinutes(1);
    private DeletePolicy deletes = DeletePolicy.UNLINK;
    private Duration reconcileEvery = Duration.ofDays(1);
    private final Map<String, String> scopes = new java.util.LinkedHashMap<>();
    private InitialSync initialSync = InitialSync.copyAll();
    private boolean comments;
    private final Map<String, String> fieldSources = new java.util.LinkedHashMap<>();
    private final SettingProblems problems = new SettingProblems();

    private Builder(@Nullable String a, @Nullable String b) {
      this.a = problems.check("a", () -> checkId(a, "a"), String.valueOf(a));
      this.b = problems.check("b", () -> checkId(b, "b"), String.valueOf(b));
    }

    /** The plan's id; {@code "<a>-<b>"} when not set. */
    public Builder id(String id) {
      this.id = problems.check("id", () -> checkId(id, "id"), this.id);
      return this;
    }

    /** Changes flow from A to B only (the default). */
    public Builder oneWay() {
      this.twoWay = false;
      return this;
    }

    /** Changes flow both ways, merged field by field. */
    public Builder twoWay() {
      this.twoWay = true;
      return this;
    }

    /**
     * The connections new items are created in. Default: B for a one-way plan, both for a
     * two-way plan. An item new on a side whose counterpart may not be created is left alone.
     */
    public Builder createIn(String... connectionIds) {
      this.createIn = problems.check("createIn", () -> new LinkedHashSet<>(List.of(connectionIds)), createIn);
      return this;
    }

    public Builder conflicts(ConflictPolicy policy) {
      this.conflicts = problems.present("conflicts", policy, conflicts);
      return this;
    }

    /** Runs the plan on this interval once the agent is started. */
    public Builder every(Duration interval) {
      this.every = problems.check("every", () -> Arguments.positive("every", interval), every);
      return this;
    }

    /** How many changes to ask a connector for at once (1 to 1000, default 100). */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
        problems.record("pageSize", "must be between 1 and " + MAX_PAGE_SIZE + " but was " + pageSize);
      } else {
        problems.clear("pageSize");
        this.pageSize = pageSize;
      }
      return this;
    }

    /**
     * How a failing item is retried: a timeout, reset or 5xx is retried on later passes after
     * {@code firstBackoff}, doubling each time, until {@code maxAttempts}; then, like an error
     * that retrying cannot fix, the item is parked and the pass moves on. A rate limit is waited
     * out for as long as the tool asks ({@code firstBackoff} when it names no wait) and never
     * counts as an attempt. Defaults: 5 attempts, one minute.
     */
    public Builder retries(int maxAttempts, Duration firstBackoff) {
      problems.clear("retries");
      if (maxAttempts < 1 || maxAttempts > 100) {
        problems.record("retries", "maxAttempts must be between 1 and 100 but was " + maxAttempts);
      } else if (firstBackoff == null) {
        problems.record("retries", "firstBackoff is " + SettingProblems.missing());
      } else if (firstBackoff.isNegative()) {
        problems.record("retries", "firstBackoff must not be negative but was " + firstBackoff);
      } else {
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
      }
      return this;
    }

    /** What a delete on one side does to the other (default {@link DeletePolicy#UNLINK}). */
    public Builder deletes(DeletePolicy policy) {
      this.deletes = problems.present("deletes", policy, deletes);
      return this;
    }

    /**
     * How often a pass lists each source side completely, from the start rather than from its
     * cursor, to find linked items deleted without the tool reporting it (GitHub's and Redmine's
     * listings simply stop showing them). A linked item missing from a complete, successful
     * listing is read once more; only when the tool answers that it does not exist is it treated
     * as deleted, per {@link #deletes}. A sweep that would take more than half of a side's links
     * (ten or more) as deleted, or finds a side empty, acts on none of them and fails the pass
     * instead: that is a lost permission or a wrong project more often than a mass delete. Daily
     * by default; {@link Duration#ZERO} turns it off. Costs one listing of each side per interval.
     */
    public Builder reconcileEvery(Duration interval) {
      this.reconcileEvery = problems.check("reconcileEvery", () -> Arguments.notNegative("reconcileEvery", interval),
          reconcileEvery);
      return this;
    }

    /**
     * Only items of {@code connectionId} for which the JSLT predicate over the canonical item is
     * true take part ({@code contains("sync", .labels)}); an item that leaves the scope stops
     * syncing. Checked at {@code build()}.
     */
    public Builder scope(String connectionId, String jsltPredicate) {
      if (connectionId == null) {
        problems.record("scope", "the connection id is " + SettingProblems.missing());
      } else if (jsltPredicate == null) {
        problems.record("scope." + connectionId, SettingProblems.missing());
      } else {
        scopes.put(connectionId, jsltPredicate);
      }
      return this;
    }

    /** What the first pass does with items that exist already (default {@link InitialSync#copyAll()}). */
    public Builder initialSync(InitialSync initialSync) {
      this.initialSync = problems.present("initialSync", initialSync, this.initialSync);
      return this;
    }

    /**
     * Copies comments too: new comments on a side (both sides in a two-way plan) appear on the
     * other with their author named, and edits of them follow. Attachments are not copied.
     */
    public Builder comments() {
      this.comments = true;
      return this;
    }

    /**
     * In a two-way plan, makes a canonical field flow only out of {@code connectionId}: its
     * changes there go to the other side, the other side's edits of it are overwritten at the
     * next pass, while every other field still flows both ways. Which side creates new items is
     * set apart, with {@link #createIn}.
     */
    public Builder fieldFrom(String field, String connectionId) {
      if (field == null || connectionId == null) {
        problems.record("fieldFrom", (field == null ? "the field" : "the connection id of " + field) + " is "
            + SettingProblems.missing());
      } else {
        fieldSources.put(field, connectionId);
      }
      return this;
    }

    /**
     * The plan. Its connections are checked when an agent is built with it.
     *
     * @throws dev.integrationagent.api.ConfigurationException listing every setter given a bad value
     */
    public SyncPlan build() {
      SyncPlan plan = new SyncPlan(this);
      problems.throwIfAny("invalid sync plan '" + plan.id + "'");
      return plan;
    }

    /** The plan even when a setter was misused; the agent builder reports its problems with the rest. */
    SyncPlan buildForAgent() {
      return new SyncPlan(this);
    }

    private static String checkId(@Nullable String value, String name) {
      requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException("blank");
      }
      return value;
    }
  }
}
