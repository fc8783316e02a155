package dev.integrationagent.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seeded person working both tools directly: creates items with a unique token in the title on
 * both sides, then (and meanwhile) edits title, description and status of random items on both
 * sides, sometimes the same field of the same item on both sides a couple of seconds apart. Every
 * write is recorded as an {@link Edit} when the tool's answer arrives.
 *
 * <p>Two writes of one field of one item on different sides are always at least
 * {@link #CROSS_SIDE_GAP} apart: both tools stamp changes in whole seconds, so closer writes
 * would have no order that a last-write-wins engine could see, and the judge could not say which
 * one should win.
 */
final class Person {
  private static final Logger log = LoggerFactory.getLogger(Person.class);
  static final Duration CROSS_SIDE_GAP = Duration.ofMillis(1500);
  static final String GITHUB = "github";
  static final String REDMINE = "redmine";
  static final List<String> FIELDS = List.of("title", "description", "status");
  private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
      "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"};

  private final long seed;
  private final Random random;
  private final GitHubApi github;
  private final RedmineApi redmine;
  private final Pattern tokenPattern;
  private final List<Edit> edits = new ArrayList<>();
  private final Map<String, String> origins = new LinkedHashMap<>();
  private final Map<String, String> githubIds = new HashMap<>();
  private final Map<String, String> redmineIds = new HashMap<>();
  private final Map<String, Edit> lastByField = new HashMap<>();
  private final Set<String> uncertain = new HashSet<>();
  private final List<String> errors = new ArrayList<>();
  private int revisions;
  private long seq;

  Person(long seed, GitHubApi github, RedmineApi redmine) {
    this.seed = seed;
    this.random = new Random(seed * 31 + 7);
    this.github = github;
    this.redmine = redmine;
    this.tokenPattern = tokenPattern(seed);
  }

  static Pattern tokenPattern(long seed) {
    return Pattern.compile("(?<![\\w-])chaos-" + seed + "-(?:gh|rm)-\\d+(?![\\w-])");
  }

  /** The token in a title, if any. */
  Optional<String> token(String title) {
    Matcher m = tokenPattern.matcher(title);
    return m.find() ? Optional.of(m.group()) : Optional.empty();
  }

  /**
   * Creates {@code perSide} items on each side, spread over the first half of {@code duration},
   * and edits at {@code editsPerSecond} until {@code duration} is over. Returns when done.
   */
  void work(int perSide, Duration duration, double editsPerSecond) {
    long start = System.currentTimeMillis();
    long end = start + duration.toMillis();
    long createEvery = Math.max(1, duration.toMillis() / 2 / Math.max(1, 2L * perSide));
    long editEvery = (long) Math.max(1, 1000 / editsPerSecond);
    long nextCreate = start;
    long nextEdit = start + 2000;
    long nextLook = start + 3000;
    int createdGh = 0;
    int createdRm = 0;
    List<long[]> pendingTimes = new ArrayList<>();
    List<String[]> pending = new ArrayList<>(); // {token, side, field}
    while (System.currentTimeMillis() < end) {
      long now = System.currentTimeMillis();
      try {
        if (!pending.isEmpty() && pendingTimes.get(0)[0] <= now) {
          String[] p = pending.remove(0);
          pendingTimes.remove(0);
          edit(p[0], p[1], p[2]);
        } else if ((createdGh < perSide || createdRm < perSide) && nextCreate <= now) {
          boolean onGitHub = createdRm >= perSide || (createdGh < perSide && random.nextBoolean());
          if (onGitHub) {
            create(GITHUB, ++createdGh);
          } else {
            create(REDMINE, ++createdRm);
          }
          nextCreate += createEvery;
        } else if (nextLook <= now) {
          look();
          nextLook = now + 4000;
        } else if (nextEdit <= now) {
          nextEdit += editEvery;
          String[] target = pickEdit();
          if (target != null) {
            edit(target[0], target[1], target[2]);
            String other = target[1].equals(GITHUB) ? REDMINE : GITHUB;
            if (random.nextDouble() < 0.25 && known(other).containsKey(target[0])) {
              // the same field of the same item on the other side, a couple of seconds later
              pending.add(new String[] {target[0], other, target[2]});
              pendingTimes.add(new long[] {System.currentTimeMillis() + CROSS_SIDE_GAP.toMillis()
                  + random.nextInt(2500)});
            }
          }
        } else {
          long next = Math.min(Math.min(nextEdit, nextLook),
              createdGh < perSide || createdRm < perSide ? nextCreate : Long.MAX_VALUE);
          if (!pendingTimes.isEmpty()) {
            next = Math.min(next, pendingTimes.get(0)[0]);
          }
          Thread.sleep(Math.max(1, Math.min(200, next - now)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        errors.add(e.toString());
        log.warn("person: {}", e.toString());
      }
    }
  }

  private Map<String, String> known(String side) {
    return side.equals(GITHUB) ? githubIds : redmineIds;
  }

  private void create(String side, int k) {
    String token = "chaos-" + seed + "-" + (side.equals(GITHUB) ? "gh" : "rm") + "-" + k;
    String title = title(token);
    String description = description(token);
    origins.put(token, side);
    ToolItem item;
    try {
      item = side.equals(GITHUB) ? github.create(title, description) : redmine.create(title, description);
    } catch (RuntimeException e) {
      FIELDS.forEach(f -> uncertain.add(token + "/" + f));
      throw e;
    }
    known(side).put(token, item.id());
    long at = System.currentTimeMillis();
    record(token, side, item.id(), "title", title, title, at, true);
    record(token, side, item.id(), "description", description, description, at, true);
    record(token, side, item.id(), "status", "open", side.equals(GITHUB) ? "open" : "1", at, true);
    // Redmine ignores a status on create; a person sets it with a second write
    if (random.nextDouble() < (side.equals(GITHUB) ? 0.15 : 0.3)) {
      edit(token, side, "status");
    }
  }

  /** A random known item, side and field whose last write on the other side is long enough ago. */
  private String[] pickEdit() {
    for (int attempt = 0; attempt < 20; attempt++) {
      String side = random.nextBoolean() ? GITHUB : REDMINE;
      Map<String, String> ids = known(side);
      if (ids.isEmpty()) {
        continue;
      }
      List<String> tokens = new ArrayList<>(ids.keySet());
      tokens.sort(null);
      String token = tokens.get(random.nextInt(tokens.size()));
      String field = FIELDS.get(random.nextInt(FIELDS.size()));
      if (tooSoon(token, side, field)) {
        continue;
      }
      return new String[] {token, side, field};
    }
    return null;
  }

  private boolean tooSoon(String token, String side, String field) {
    Edit last = lastByField.get(token + "/" + field);
    return last != null && !last.side().equals(side)
        && System.currentTimeMillis() - last.atMillis() < CROSS_SIDE_GAP.toMillis();
  }

  private void edit(String token, String side, String field) {
    if (tooSoon(token, side, field)) {
      return;
    }
    String id = known(side).get(token);
    try {
      switch (field) {
        case "title", "description" -> {
          boolean title = field.equals("title");
          String text = title ? title(token) : description(token);
          if (side.equals(GITHUB)) {
            github.edit(id, title ? "title" : "body", text);
          } else {
            redmine.update(id, title ? "subject" : "description", text);
          }
          record(token, side, id, field, text, text, System.currentTimeMillis(), false);
        }
        default -> {
          if (side.equals(GITHUB)) {
            boolean closed = github.one(id).closed();
            String state = closed ? "open" : "closed";
            github.edit(id, "state", state);
            record(token, side, id, field, state, state, System.currentTimeMillis(), false);
          } else {
            int current = redmine.statusOf(id);
            int status = current;
            while (status == current) {
              status = 1 + random.nextInt(6);
            }
            redmine.update(id, "status_id", Integer.toString(status));
            record(token, side, id, field, redmine.isClosed(status) ? "closed" : "open", Integer.toString(status),
                System.currentTimeMillis(), false);
          }
        }
      }
    } catch (RuntimeException e) {
      uncertain.add(token + "/" + field); // it may or may not have been applied
      throw e;
    }
  }

  /** Learns the ids of the agent's copies, reading both tools directly; the lowest id per token wins. */
  private void look() {
    for (ToolItem i : github.all()) {
      token(i.title()).ifPresent(t -> githubIds.putIfAbsent(t, i.id()));
    }
    for (ToolItem i : redmine.all()) {
      token(i.title()).ifPresent(t -> redmineIds.putIfAbsent(t, i.id()));
    }
  }

  private void record(String token, String side, String id, String field, String value, String raw, long at,
      boolean create) {
    Edit e = new Edit(++seq, token, side, id, field, value, raw, at, create);
    edits.add(e);
    lastByField.put(token + "/" + field, e);
  }

  private String title(String token) {
    return token + " rev" + (++revisions) + " " + WORDS[random.nextInt(WORDS.length)] + " "
        + WORDS[random.nextInt(WORDS.length)];
  }

  private String description(String token) {
    return "Description of " + token + " rev " + (++revisions) + "\n\n" + WORDS[random.nextInt(WORDS.length)] + " "
        + WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)];
  }

  List<Edit> edits() {
    return List.copyOf(edits);
  }

  /** Token to the side it was created on. */
  Map<String, String> origins() {
    return Map.copyOf(origins);
  }

  /** {@code token/field} whose last write failed in a way that leaves unknown whether it applied. */
  Set<String> uncertain() {
    return Set.copyOf(uncertain);
  }

  List<String> errors() {
    return List.copyOf(errors);
  }
}
