package dev.integrationagent.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.Mappings;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.mapping.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import javax.annotation.Nullable;

/**
 * A complete tracker in memory: items with versions, timestamps, markers and comments, and a
 * change feed ordered by a sequence number, so no change is missed or repeated at a page edge.
 * Its JSON is the canonical document, so it works with {@link Mappings#identity()}. Optionally it
 * keeps its data in a JSON file so that a demo continues where it stopped.
 *
 * <pre>{@code
 * InMemoryConnector tracker = InMemoryConnector.builder().name("tracker-a").clock(clock).build();
 * String id = tracker.add(WorkItem.builder().title("Login fails").build());
 * agent = IntegrationAgent.builder().connection("a", tracker)...
 * tracker.edit(id, item -> item.toBuilder().title("Login fails on Safari").build());
 * }</pre>
 *
 * <p>Thread-safe. Faults can be injected with {@link #failNext}.
 */
public final class InMemoryConnector implements ConnectionDefinition {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Clock clock;
  private final @Nullable Path storage;
  private final @Nullable String webhookSecret;
  private final boolean optimisticLocking;
  private final boolean reportsDeletes;
  private final Set<Capability> capabilities;
  private final TreeMap<String, Stored> items = new TreeMap<>(InMemoryConnector::byNumber);
  private final Map<String, List<ExternalComment>> comments = new LinkedHashMap<>();
  private final Deque<IntegrationException> faults = new ArrayDeque<>();
  private int lostResponses;
  private long nextId = 1;
  private long sequence;
  private int writes;
  private int reads;

  private InMemoryConnector(Builder builder) {
    this.name = builder.name;
    this.clock = builder.clock;
    this.storage = builder.storage;
    this.webhookSecret = builder.webhookSecret;
    this.optimisticLocking = builder.optimisticLocking;
    this.reportsDeletes = builder.reportsDeletes;
    EnumSet<Capability> can = EnumSet.allOf(Capability.class);
    if (!optimisticLocking) {
      can.remove(Capability.OPTIMISTIC_LOCKING);
    }
    if (webhookSecret == null) {
      can.remove(Capability.WEBHOOKS);
    }
    this.capabilities = Collections.unmodifiableSet(can);
    if (storage != null && Files.exists(storage)) {
      load(storage);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether the tracker's storage file existed when it was built (a demo's second run). */
  public synchronized boolean isEmpty() {
    return items.isEmpty();
  }

  // what a person does in the tracker's UI

  /** Adds an item as a person would; returns its id. */
  public synchronized String add(WorkItem item) {
    return insert(CanonicalJson.toDocument(item), null).id;
  }

  /** Changes an item as a person would. */
  public synchronized void edit(String id, UnaryOperator<WorkItem> change) {
    Stored stored = require(id);
    WorkItem changed = change.apply(stored.item());
    ObjectNode doc = CanonicalJson.toDocument(changed);
    replace(stored, doc);
  }

  /** When each field of the item last changed, by JSON pointer; as Redmine's journals tell. */
  synchronized Map<String, Instant> fieldsChangedAt(String id) {
    Stored stored = require(id);
    Map<String, Instant> out = new LinkedHashMap<>();
    out.put("", stored.createdAt);
    stored.data.fieldNames().forEachRemaining(key -> out.put("/" + key, stored.createdAt));
    out.putAll(stored.fieldTimes);
    return out;
  }

  /** Deletes an item as a person would; it appears once more in the change feed, marked deleted. */
  public synchronized void remove(String id) {
    Stored stored = require(id);
    stored.deleted = true;
    stored.seq = ++sequence;
    stored.updatedAt = clock.instant();
    save();
  }

  /** The item's canonical state, or empty when absent or deleted. */
  public synchronized Optional<WorkItem> item(String id) {
    Stored stored = items.get(id);
    return stored == null || stored.deleted ? Optional.empty() : Optional.of(stored.item());
  }

  /** Every live item by id. */
  public synchronized Map<String, WorkItem> items() {
    Map<String, WorkItem> out = new LinkedHashMap<>();
    items.forEach((id, s) -> {
      if (!s.deleted) {
        out.put(id, s.item());
      }
    });
    return out;
  }

  /** The marker stored with an item by a create through the connector, if any. */
  public synchronized Optional<String> marker(String id) {
    return Optional.ofNullable(require(id).marker);
  }

  /** How many creates, updates, deletes and comments went through connector sessions. */
  public synchronized int writeCount() {
    return writes;
  }

  /** How many reads (change listings and gets) went through connector sessions. */
  public synchronized int readCount() {
    return reads;
  }

  /** The next {@code count} session calls fail with {@code category}, as a broken tool would. */
  public synchronized void failNext(int count, ErrorCategory category) {
    for (int i = 0; i < count; i++) {
      faults.add(new IntegrationException(category, name, "injected " + category + " failure of " + name, null));
    }
  }

  /**
   * The next {@code count} writes take effect but their callers get a TRANSIENT error, as when a
   * connection drops after the tool committed: the case idempotent creation must survive.
   */
  public synchronized void loseNextResponses(int count) {
    lostResponses += count;
  }

  /** A signed webhook delivery reporting these items as changed, as the tracker would send it. */
  public Delivery webhookDelivery(String deliveryId, String... itemIds) {
    if (webhookSecret == null) {
      throw new IllegalStateException(name + " has no webhook secret; set one with builder().webhookSecret(...)");
    }
    byte[] body = InMemoryWebhooks.body(deliveryId, "items", List.of(itemIds));
    return new Delivery(Map.of(InMemoryWebhooks.SIGNATURE, List.of(InMemoryWebhooks.sign(webhookSecret, body))), body);
  }

  /** A webhook request: headers and raw body. */
  public record Delivery(Map<String, List<String>> headers, byte[] body) {}

  @Nullable InMemoryWebhooks webhooks() {
    return webhookSecret == null ? null : new InMemoryWebhooks(this, webhookSecret);
  }

  /** What its sessions can do: everything, with conditional writes and webhooks as configured. */
  Set<Capability> capabilities() {
    return capabilities;
  }

  // ConnectionDefinition

  @Override
  public String type() {
    return "in-memory";
  }

  @Override
  public List<String> problems() {
    return List.of();
  }

  @Override
  public Set<String> secrets() {
    return webhookSecret == null ? Set.of() : Set.of(webhookSecret);
  }

  @Override
  public Optional<Mapping> mapping() {
    return Optional.of(Mappings.identity());
  }

  @Override
  public ConnectorSession open(ConnectorContext context) {
    return new InMemorySession(this, context.connectionId());
  }

  @Override
  public String toString() {
    return "InMemoryConnector[" + name + ", " + items.size() + " items]";
  }

  // used by the session; all under this object's lock

  synchronized void checkFault() {
    IntegrationException fault = faults.poll();
    if (fault != null) {
      throw fault;
    }
  }

  private void checkLostResponse(String what) {
    if (lostResponses > 0) {
      lostResponses--;
      throw new IntegrationException(ErrorCategory.TRANSIENT, name,
          "connection to " + name + " reset after the " + what + " was sent (injected)", null);
    }
  }

  synchronized List<Stored> changedAfter(long seq, int limit) {
    reads++;
    return items.values().stream().filter(s -> s.seq > seq && (reportsDeletes || !s.deleted))
        .sorted((x, y) -> Long.compare(x.seq, y.seq)).limit(limit + 1L).map(Stored::copy).toList();
  }

  synchronized Optional<Stored> find(String id) {
    reads++;
    Stored stored = items.get(id);
    return stored == null || stored.deleted ? Optional.empty() : Optional.of(stored.copy());
  }

  /** The item, deleted or not, as a webhook reports it. */
  synchronized Optional<Stored> findForEvent(String id) {
    return Optional.ofNullable(items.get(id)).map(Stored::copy);
  }

  synchronized Optional<Stored> findByMarker(String marker) {
    reads++;
    return items.values().stream().filter(s -> !s.deleted && marker.equals(s.marker)).findFirst().map(Stored::copy);
  }

  synchronized Stored createFromSession(JsonNode fields, @Nullable String marker) {
    if (!fields.isObject()) {
      throw new IntegrationException(ErrorCategory.VALIDATION, name, "create: body must be a JSON object", null);
    }
    ObjectNode doc = ((ObjectNode) fields).deepCopy();
    validate(doc, "create");
    writes++;
    Stored created = insert(doc, marker).copy();
    checkLostResponse("create");
    return created;
  }

  synchronized Stored updateFromSession(String id, JsonNode patch, @Nullable String expectedVersion) {
    Stored stored = items.get(id);
    if (stored == null || stored.deleted) {
      throw new IntegrationException(ErrorCategory.NOT_FOUND, name, name + " has no item " + id, null);
    }
    if (optimisticLocking && expectedVersion != null && !expectedVersion.equals(Long.toString(stored.version))) {
      throw new IntegrationException(ErrorCategory.CONFLICT, name, "item " + id + " of " + name + " is at version "
          + stored.version + ", not " + expectedVersion + "; re-read it and retry", null);
    }
    if (!patch.isObject()) {
      throw new IntegrationException(ErrorCategory.VALIDATION, name, "update: patch must be a JSON object", null);
    }
    ObjectNode doc = stored.data.deepCopy();
    patch.properties().forEach(e -> {
      if (e.getKey().equals("custom") && e.getValue().isObject() && doc.get("custom") instanceof ObjectNode custom) {
        custom.setAll((ObjectNode) e.getValue());
      } else {
        doc.set(e.getKey(), e.getValue());
      }
    });
    validate(doc, "update of item " + id);
    writes++;
    replace(stored, doc);
    checkLostResponse("update of item " + id);
    return stored.copy();
  }

  synchronized void deleteFromSession(String id) {
    require(id);
    writes++;
    remove(id);
  }

  synchronized List<ExternalComment> commentsOf(String id, @Nullable Instant since) {
    require(id);
    reads++;
    return comments.getOrDefault(id, List.of()).stream()
        .filter(c -> since == null || !c.updatedAt().isBefore(since)).toList();
  }

  synchronized ExternalComment addCommentFromSession(String id, String body) {
    require(id);
    writes++;
    Instant now = clock.instant();
    List<ExternalComment> list = comments.computeIfAbsent(id, k -> new ArrayList<>());
    ExternalComment comment = new ExternalComment(id + "-c" + (list.size() + 1), id, "agent", body, now, now);
    list.add(comment);
    save();
    return comment;
  }

  synchronized ExternalComment updateCommentFromSession(String id, String commentId, String body) {
    writes++;
    return replaceComment(id, commentId, body);
  }

  /** Adds a comment as a person would; returns it. */
  public synchronized ExternalComment comment(String itemId, String author, String body) {
    require(itemId);
    Instant now = clock.instant();
    List<ExternalComment> list = comments.computeIfAbsent(itemId, k -> new ArrayList<>());
    ExternalComment comment = new ExternalComment(itemId + "-c" + (list.size() + 1), itemId, author, body, now, now);
    list.add(comment);
    touch(itemId);
    return comment;
  }

  /** Edits a comment as a person would. */
  public synchronized ExternalComment editComment(String itemId, String commentId, String body) {
    ExternalComment edited = replaceComment(itemId, commentId, body);
    touch(itemId);
    return edited;
  }

  /** Every comment of an item, oldest first. */
  public synchronized List<ExternalComment> commentsOf(String itemId) {
    return List.copyOf(comments.getOrDefault(itemId, List.of()));
  }

  private ExternalComment replaceComment(String itemId, String commentId, String body) {
    List<ExternalComment> list = comments.getOrDefault(itemId, new ArrayList<>());
    for (int i = 0; i < list.size(); i++) {
      ExternalComment c = list.get(i);
      if (c.id().equals(commentId)) {
        ExternalComment edited = new ExternalComment(c.id(), itemId, c.author(), body, c.createdAt(), clock.instant());
        list.set(i, edited);
        save();
        return edited;
      }
    }
    throw new IntegrationException(ErrorCategory.NOT_FOUND, name, name + " item " + itemId + " has no comment "
        + commentId, null);
  }

  /** A new or edited comment changes its item, as in most trackers, so the change feed shows it. */
  private void touch(String itemId) {
    Stored stored = require(itemId);
    stored.updatedAt = clock.instant();
    stored.seq = ++sequence;
    stored.stamp();
    save();
  }

  synchronized int size() {
    return items.size();
  }

  String name() {
    return name;
  }

  private void validate(ObjectNode doc, String what) {
    try {
      CanonicalJson.fromDocument(doc, what + " in " + name);
    } catch (IntegrationException e) {
      throw new IntegrationException(ErrorCategory.VALIDATION, name, e.getMessage(), e);
    }
  }

  private Stored insert(ObjectNode doc, @Nullable String marker) {
    Instant now = clock.instant();
    Stored stored = new Stored(Long.toString(nextId++), doc, marker, now);
    stored.seq = ++sequence;
    stored.stamp();
    items.put(stored.id, stored);
    save();
    return stored;
  }

  private void replace(Stored stored, ObjectNode doc) {
    Instant now = clock.instant();
    Set<String> keys = new java.util.LinkedHashSet<>();
    doc.fieldNames().forEachRemaining(keys::add);
    stored.data.fieldNames().forEachRemaining(keys::add);
    for (String key : keys) {
      if (!java.util.Objects.equals(doc.get(key), stored.data.get(key))) {
        stored.fieldTimes.put("/" + key, now);
      }
    }
    stored.data = doc;
    stored.version++;
    stored.updatedAt = clock.instant();
    stored.seq = ++sequence;
    stored.stamp();
    save();
  }

  private Stored require(String id) {
    Stored stored = items.get(id);
    if (stored == null) {
      throw new IllegalArgumentException(name + " has no item " + id);
    }
    return stored;
  }

  private static int byNumber(String x, String y) {
    return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
  }

  private void save() {
    if (storage == null) {
      return;
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("nextId", nextId);
    root.put("sequence", sequence);
    ArrayNode array = root.putArray("items");
    items.values().forEach(s -> array.add(s.toJson()));
    ObjectNode commentsNode = root.putObject("comments");
    comments.forEach((id, list) -> {
      ArrayNode node = commentsNode.putArray(id);
      list.forEach(c -> node.add(JSON.createObjectNode().put("id", c.id()).put("author", c.author())
          .put("body", c.body()).put("createdAt", c.createdAt().toString()).put("updatedAt", c.updatedAt().toString())));
    });
    try {
      Path parent = storage.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Path temp = storage.resolveSibling(storage.getFileName() + ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), root);
      Files.move(temp, storage, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IntegrationException(ErrorCategory.TRANSIENT, name, "cannot save " + name + " to " + storage, e);
    }
  }

  private void load(Path file) {
    try {
      JsonNode root = JSON.readTree(file.toFile());
      nextId = root.path("nextId").asLong(1);
      sequence = root.path("sequence").asLong(0);
      for (JsonNode node : root.path("items")) {
        Stored s = Stored.fromJson(node);
        items.put(s.id, s);
      }
      root.path("comments").properties().forEach(e -> {
        List<ExternalComment> list = new ArrayList<>();
        for (JsonNode c : e.getValue()) {
          list.add(new ExternalComment(c.path("id").asText(), e.getKey(), c.path("author").asText(null),
              c.path("body").asText(), Instant.parse(c.path("createdAt").asText()),
              Instant.parse(c.path("updatedAt").asText())));
        }
        comments.put(e.getKey(), list);
      });
    } catch (IOException | RuntimeException e) {
      throw new IntegrationException(ErrorCategory.CONFIGURATION, name,
          "cannot read " + name + "'s data from " + file + " (" + e.getMessage() + "); delete the file to start afresh", e);
    }
  }

  /** One item as the tracker keeps it. */
  static final class Stored {
    final String id;
    ObjectNode data;
    final @Nullable String marker;
    final Instant createdAt;
    Instant updatedAt;
    /** When each top-level field last changed, by JSON pointer; fields not in it are as created. */
    final Map<String, Instant> fieldTimes = new LinkedHashMap<>();
    long version = 1;
    long seq;
    boolean deleted;

    Stored(String id, ObjectNode data, @Nullable String marker, Instant createdAt) {
      this.id = id;
      this.data = data;
      this.marker = marker;
      this.createdAt = createdAt;
      this.updatedAt = createdAt;
    }

    void stamp() {
      data.put("createdAt", createdAt.toString());
      data.put("updatedAt", updatedAt.toString());
    }

    WorkItem item() {
      return CanonicalJson.fromDocument(data, "item " + id);
    }

    Stored copy() {
      Stored c = new Stored(id, data.deepCopy(), marker, createdAt);
      c.updatedAt = updatedAt;
      c.fieldTimes.putAll(fieldTimes);
      c.version = version;
      c.seq = seq;
      c.deleted = deleted;
      return c;
    }

    ObjectNode toJson() {
      ObjectNode node = JSON.createObjectNode();
      node.put("id", id).put("version", version).put("seq", seq).put("deleted", deleted)
          .put("marker", marker).put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
      node.set("data", data);
      return node;
    }

    static Stored fromJson(JsonNode node) {
      JsonNode markerNode = node.get("marker");
      Stored s = new Stored(node.path("id").asText(), (ObjectNode) node.path("data"),
          markerNode == null || markerNode.isNull() ? null : markerNode.asText(),
          Instant.parse(node.path("createdAt").asText()));
      s.updatedAt = Instant.parse(node.path("updatedAt").asText());
      s.version = node.path("version").asLong();
      s.seq = node.path("seq").asLong();
      s.deleted = node.path("deleted").asBoolean();
      return s;
    }
  }

  /** Builds an {@link InMemoryConnector}. */
  public static final class Builder {
    private String name = "in-memory";
    private Clock clock = Clock.systemUTC();
    private @Nullable Path storage;
    private @Nullable String webhookSecret;
    private boolean optimisticLocking = true;
    private boolean reportsDeletes = true;

    private Builder() {}

    /**
     * Whether an update naming a stale version fails with {@code CONFLICT} (the default), or the
     * version is ignored, as GitHub, Jira and Redmine do.
     */
    public Builder optimisticLocking(boolean enabled) {
      this.optimisticLocking = enabled;
      return this;
    }

    /**
     * Whether the change feed reports deleted items (the default), or they silently drop out of
     * it, as they do from GitHub's and Redmine's listings.
     */
    public Builder reportsDeletes(boolean reports) {
      this.reportsDeletes = reports;
      return this;
    }

    /** Sends signed webhooks (see {@link InMemoryConnector#webhookDelivery}) verified with this secret. */
    public Builder webhookSecret(String secret) {
      this.webhookSecret = requireNonNull(secret, "secret");
      return this;
    }

    /** The tracker's name in messages. */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** The clock that stamps created and updated times. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Keeps the tracker's data in this JSON file, loading it when it exists. */
    public Builder storage(Path file) {
      this.storage = requireNonNull(file, "file");
      return this;
    }

    public InMemoryConnector build() {
      return new InMemoryConnector(this);
    }
  }
}
