package dev.integrationagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.HealthStatus;
import dev.integrationagent.api.connector.WebhookEvent;
import dev.integrationagent.api.connector.WebhookHandler;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.mapping.CanonicalJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every connector session must do, checked through its own mapping so that each tool's
 * JSON shape is exercised. Extend it with a fresh session on a fresh remote (a fake server, or a
 * real tool's test project) and a way to change the remote behind the connector's back:
 *
 * <pre>{@code
 * class GitHubConnectorContractTest extends ConnectorContract {
 *   FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
 *   FakeGitHub github = FakeGitHub.start(clock);
 *   protected ConnectorSession openSession() {
 *     return GitHubConnector.builder().baseUrl(github.url())...open(TestConnectorContext.of("github", clock));
 *   }
 *   protected Mapping mapping() { return new GitHubConnector().defaultMapping(); }
 *   protected Remote remote() { return new Remote() { ... github.editIssue(...) ... }; }
 *   protected Set<Capability> capabilities() { return GitHubConnector.CAPABILITIES; }
 *   protected SignedDelivery webhookDelivery(ExternalItem item) { ... signed as GitHub signs ... }
 * }
 * }</pre>
 *
 * <p>Beyond reads and writes, it checks what the sync engine relies on without checking it
 * itself; a connector that fails one of these loses or duplicates changes in production:
 *
 * <ul>
 *   <li>{@link Capability#OPTIMISTIC_LOCKING}: an update naming a stale version fails with
 *       {@code CONFLICT} and changes nothing ({@link #aStaleVersionIsRefusedAsConflictAndChangesNothing}).
 *   <li>{@link Capability#CREATE}, {@link Capability#UPDATE}: the answer to a write is what a
 *       following {@code get} returns, compared as the engine compares it, field by canonical
 *       field through the mapping, with the same id and version; the engine records the answer
 *       as what it wrote, so a difference reads as a person's edit (an echo).
 *   <li>{@link Capability#READ_CHANGES}: items sharing one timestamp are listed once each across
 *       a page edge, and a listing resumed from a saved cursor (only its string kept, as the
 *       engine's stores keep it) yields exactly what was not listed yet, then exactly the new
 *       changes.
 *   <li>{@link Capability#DELETE}: a deleted item is reported deleted by the listing, or a
 *       {@code get} answers empty.
 *   <li>{@link Capability#WEBHOOKS}: a delivery signed as the tool signs it
 *       ({@link #webhookDelivery}) is accepted; a tampered body, a wrong and a missing signature
 *       are refused with {@code AUTHENTICATION}; the same delivery handled twice is recognised
 *       (empty, or the same delivery id, by which the engine drops it).
 *   <li>Sessions are thread-safe: creates and updates from several threads at once, two
 *       threads writing different fields of one item included, lose nothing and create nothing
 *       twice.
 * </ul>
 *
 * <p>A check whose capability the connector does not declare (in {@link #capabilities()} or its
 * session's) is skipped, with a message naming the capability. Other operations a connector
 * does not offer must fail with {@link ErrorCategory#PERMANENT}; the contract checks that instead
 * of skipping.
 */
public abstract class ConnectorContract {
  private static final int THREADS = 4;
  private static final int EACH = 3;

  /** Changes made on the remote tool directly, as a person would. */
  public interface Remote {
    /** Creates an item in the tool; returns its id. */
    String create(WorkItem item);

    /** Changes an item's title in the tool. */
    void retitle(String id, String title);

    /**
     * Creates items that the tool stamps with one updated time, in order; returns their ids. A
     * fake on a {@link FakeClock} does so when the clock does not move between the creates
     * (the default creates them one after the other); against a real tool, create them within
     * its timestamp resolution (Redmine's second).
     */
    default List<String> createTied(List<WorkItem> items) {
      return items.stream().map(this::create).toList();
    }

    /**
     * Lets time pass in the tool before the contract lists its own writes, where the tool's
     * search shows a change only some time after its stamp (a fake Jira on a {@link FakeClock}:
     * advance the clock). The default does nothing.
     */
    default void passTime() {}
  }

  /**
   * A webhook request as the tool would send it: headers (with the signature) and raw body.
   *
   * @param signatureHeader the header that carries the signature, which the contract changes or
   *     removes to check that such deliveries are refused
   */
  public record SignedDelivery(Map<String, List<String>> headers, byte[] body, String signatureHeader) {
    public SignedDelivery {
      headers = Map.copyOf(headers);
      body = body.clone();
      if (headers.keySet().stream().noneMatch(signatureHeader::equalsIgnoreCase)) {
        throw new IllegalArgumentException("the headers " + headers.keySet() + " have no " + signatureHeader);
      }
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  protected ConnectorSession session;

  /** A session on a fresh, empty remote (or an isolated project of a real one). */
  protected abstract ConnectorSession openSession();

  /** The connector's default mapping: the contract reads and writes through it. */
  protected abstract Mapping mapping();

  protected abstract Remote remote();

  protected abstract Set<Capability> capabilities();

  /** A session whose credentials the tool rejects. */
  protected abstract ConnectorSession sessionWithBadCredentials();

  /** A status name the tool's workflow can move a new item to, in category DONE. */
  protected String doneStatus() {
    return "Done";
  }

  /**
   * A delivery that reports {@code item} as changed, signed with the secret the session under
   * test verifies, with a delivery id not used before. Required when the connector declares
   * {@link Capability#WEBHOOKS}.
   */
  protected SignedDelivery webhookDelivery(ExternalItem item) {
    throw new AssertionError(getClass().getSimpleName() + " declares WEBHOOKS: override webhookDelivery(item) "
        + "to build a delivery signed as the tool signs it, so that the contract can check verification");
  }

  /** Whether the connector declares {@code capability}, in {@link #capabilities()} or its session's. */
  protected final boolean declares(Capability capability) {
    return capabilities().contains(capability) || session.capabilities().contains(capability);
  }

  private void assumeDeclared(Capability capability) {
    assumeTrue(declares(capability), () -> "the connector does not declare " + capability);
  }

  @BeforeEach
  void open() {
    session = openSession();
  }

  protected ExternalItem createThroughConnector(String title, String marker) {
    WorkItem item = WorkItem.builder().title(title).description("Created by the **contract** test").build();
    return session.create(mapping().fromCanonical(item, writableBasics()), marker);
  }

  private Set<String> writableBasics() {
    Set<String> fields = new LinkedHashSet<>(List.of("title", "description"));
    fields.retainAll(mapping().writableFields());
    return fields;
  }

  protected WorkItem read(ExternalItem item) {
    return mapping().toCanonical(item.data());
  }

  /** Reads every change after {@code cursor} page by page; returns ids in listing order and the last cursor. */
  protected List<String> drain(Cursor cursor, int pageSize, List<Cursor> cursors) {
    List<String> ids = new ArrayList<>();
    Cursor at = cursor;
    for (int pages = 0; pages < 100; pages++) {
      ChangePage page = session.changes(at, pageSize);
      page.items().forEach(i -> ids.add(i.id()));
      at = page.next();
      if (!page.hasMore()) {
        break;
      }
    }
    cursors.add(at);
    return ids;
  }

  @Test
  void aCreatedItemReadsBackThroughTheMapping() {
    ExternalItem created = createThroughConnector("Contract: create", null);

    ExternalItem fetched = session.get(created.id()).orElseThrow();
    assertThat(read(fetched).title()).isEqualTo("Contract: create");
    assertThat(read(fetched).description()).contains("contract");
    assertThat(fetched.version()).isNotBlank();
  }

  @Test
  void changesListEveryItemOnceAcrossPagesAndResume() {
    Set<String> created = new LinkedHashSet<>();
    for (int i = 0; i < 5; i++) {
      created.add(remote().create(WorkItem.builder().title("Contract: page " + i).build()));
    }
    List<Cursor> cursors = new ArrayList<>();
    List<String> seen = drain(Cursor.START, 2, cursors);

    assertThat(seen).containsAll(created).doesNotHaveDuplicates();
    assertThat(drain(cursors.get(0), 2, cursors)).as("nothing changed since").isEmpty();
  }

  @Test
  void aRemoteEditAppearsAfterTheCursor() {
    String id = remote().create(WorkItem.builder().title("Contract: before").build());
    List<Cursor> cursors = new ArrayList<>();
    drain(Cursor.START, 50, cursors);

    remote().retitle(id, "Contract: after");
    List<String> seen = drain(cursors.get(0), 50, cursors);

    assertThat(seen).containsExactly(id);
    assertThat(read(session.get(id).orElseThrow()).title()).isEqualTo("Contract: after");
  }

  @Test
  void anUpdateChangesOnlyTheGivenFields() {
    ExternalItem created = createThroughConnector("Contract: update", null);
    WorkItem changed = read(created).toBuilder().title("Contract: updated").build();

    ExternalItem updated = session.update(created.id(), mapping().fromCanonical(changed, Set.of("title")), null);

    WorkItem after = read(session.get(created.id()).orElseThrow());
    assertThat(after.title()).isEqualTo("Contract: updated");
    assertThat(after.description()).isEqualTo(read(created).description());
    assertThat(updated.id()).isEqualTo(created.id());
  }

  @Test
  void markersFindCreatedItems() {
    if (!capabilities().contains(Capability.SYNC_MARKERS)) {
      assertThat(session.findByMarker("ia:contract:none")).isEmpty();
      return;
    }
    String marker = "ia:contract:" + System.nanoTime();
    ExternalItem created = createThroughConnector("Contract: marked", marker);

    assertThat(session.findByMarker(marker)).map(ExternalItem::id).contains(created.id());
    assertThat(session.findByMarker(marker + "-other")).isEmpty();
  }

  @Test
  void commentsAreAddedAndListedSince() {
    ExternalItem item = createThroughConnector("Contract: comments", null);
    if (!capabilities().contains(Capability.COMMENTS)) {
      assertUnsupported(() -> session.addComment(item.id(), "hello"));
      return;
    }
    Instant before = Instant.EPOCH;
    ExternalComment first = session.addComment(item.id(), "First **comment**");

    List<ExternalComment> all = session.comments(item.id(), before);
    assertThat(all).extracting(ExternalComment::id).contains(first.id());
    assertThat(all).anySatisfy(c -> assertThat(c.body()).contains("comment"));
  }

  @Test
  void aTransitionMovesTheItemToTheStatus() {
    ExternalItem item = createThroughConnector("Contract: transition", null);
    if (!capabilities().contains(Capability.STATUS_TRANSITIONS)) {
      assertUnsupported(() -> session.transition(item.id(), doneStatus()));
      return;
    }
    session.transition(item.id(), doneStatus());

    WorkItem after = read(session.get(item.id()).orElseThrow());
    assertThat(after.status()).isNotNull();
    assertThat(after.status().category()).isEqualTo(StatusCategory.DONE);
  }

  @Test
  void aMissingItemIsEmptyOnReadAndNotFoundOnWrite() {
    assertThat(session.get("999999999")).isEmpty();
    JsonNode patch = mapping().fromCanonical(WorkItem.builder().title("x").build(), Set.of("title"));

    assertCategory(() -> session.update("999999999", patch, null), ErrorCategory.NOT_FOUND);
  }

  @Test
  void anInvalidItemIsRejectedAsValidation() {
    JsonNode blankTitle = mapping().fromCanonical(WorkItem.builder().title("x").build(), Set.of("title"));
    JsonNode invalid = blankTitle.deepCopy();
    replaceText(invalid, "x", "");

    assertCategory(() -> session.create(invalid, null), ErrorCategory.VALIDATION);
  }

  @Test
  void healthIsUpWithGoodCredentialsAndDownWithBadOnes() {
    ConnectorHealth health = session.health();
    assertThat(health.status()).isEqualTo(HealthStatus.UP);

    ConnectorHealth bad = sessionWithBadCredentials().health();
    assertThat(bad.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(bad.reason()).isNotBlank();
  }

  @Test
  void badCredentialsFailAsAuthentication() {
    assertCategory(() -> sessionWithBadCredentials().changes(Cursor.START, 10), ErrorCategory.AUTHENTICATION);
  }

  // ---- what the engine relies on ----------------------------------------------------------------

  @Test
  void aStaleVersionIsRefusedAsConflictAndChangesNothing() {
    assumeDeclared(Capability.OPTIMISTIC_LOCKING);
    ExternalItem created = createThroughConnector("Contract: locked", null);
    remote().retitle(created.id(), "Contract: locked, edited by a person");
    ExternalItem before = session.get(created.id()).orElseThrow();
    assertThat(before.version()).as("the version after a person's edit").isNotEqualTo(created.version());
    WorkItem stale = read(created).toBuilder().title("Contract: locked, stale write").build();

    assertCategory(() -> session.update(created.id(), mapping().fromCanonical(stale, Set.of("title")), created.version()),
        ErrorCategory.CONFLICT);

    assertSameItem(session.get(created.id()).orElseThrow(), before, "the item after the refused stale write");
  }

  @Test
  void aCreateAnswersWhatAFollowingReadReturns() {
    assumeDeclared(Capability.CREATE);
    ExternalItem answer = createThroughConnector("Contract: create answer", null);

    assertSameItem(answer, session.get(answer.id()).orElseThrow(), "the create's answer");
  }

  @Test
  void anUpdateAnswersWhatAFollowingReadReturns() {
    assumeDeclared(Capability.UPDATE);
    ExternalItem created = createThroughConnector("Contract: update answer", null);
    WorkItem changed = read(created).toBuilder().title("Contract: update answer, changed")
        .description("Changed by the *contract* test").build();
    String version = declares(Capability.OPTIMISTIC_LOCKING) ? created.version() : null;

    ExternalItem answer = session.update(created.id(), mapping().fromCanonical(changed, writableBasics()), version);

    assertSameItem(answer, session.get(created.id()).orElseThrow(), "the update's answer");
  }

  @Test
  void itemsSharingATimestampAcrossAPageEdgeAreListedOnceEach() {
    assumeDeclared(Capability.READ_CHANGES);
    Cursor from = drainToEnd(Cursor.START);
    List<String> tied = remote().createTied(IntStream.range(0, 5)
        .mapToObj(i -> WorkItem.builder().title("Contract: tied " + i).build()).toList());

    List<ChangePage> pages = pages(from, 2);
    List<ExternalItem> listed = pages.stream().flatMap(p -> p.items().stream()).toList();

    assertThat(listed).extracting(ExternalItem::id).as("listed in pages of 2 after items sharing one timestamp")
        .containsExactlyInAnyOrderElementsOf(tied);
    assertThat(ContractSupport.tiedPageEdges(pages))
        .as("page edges between items of one timestamp (Remote.createTied must stamp its items alike)").isPositive();
  }

  @Test
  void aListingResumedFromASavedCursorYieldsExactlyWhatWasNotListedThenExactlyTheNewChanges() {
    assumeDeclared(Capability.READ_CHANGES);
    Cursor from = drainToEnd(Cursor.START);
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(remote().create(WorkItem.builder().title("Contract: resume " + i).build()));
    }
    ChangePage first = session.changes(ContractSupport.stored(from), 2);
    List<String> firstIds = first.items().stream().map(ExternalItem::id).toList();
    assertThat(firstIds).as("the first page").isNotEmpty().isSubsetOf(created);

    List<Cursor> cursors = new ArrayList<>();
    List<String> rest = drain(ContractSupport.stored(first.next()), 2, cursors);
    List<String> notYetListed = created.stream().filter(id -> !firstIds.contains(id)).toList();
    assertThat(rest).as("resumed from the first page's saved cursor")
        .containsExactlyInAnyOrderElementsOf(notYetListed);

    String added = remote().create(WorkItem.builder().title("Contract: resume, added").build());
    remote().retitle(created.get(0), "Contract: resume 0, edited");
    List<String> changed = drain(ContractSupport.stored(cursors.get(0)), 2, cursors);
    assertThat(changed).as("resumed from the saved end cursor after two changes")
        .containsExactlyInAnyOrder(added, created.get(0));
    assertThat(drain(ContractSupport.stored(cursors.get(1)), 2, cursors)).as("resumed again, nothing changed").isEmpty();
  }

  @Test
  void aDeletedItemIsReportedDeletedOrReadsAsGone() {
    assumeDeclared(Capability.DELETE);
    ExternalItem item = createThroughConnector("Contract: delete", null);
    Cursor before = drainToEnd(Cursor.START);

    session.delete(item.id());

    List<ExternalItem> listed = pages(before, 10).stream().flatMap(p -> p.items().stream())
        .filter(i -> i.id().equals(item.id())).toList();
    boolean reported = !listed.isEmpty() && listed.get(listed.size() - 1).deleted();
    boolean gone = session.get(item.id()).isEmpty();
    assertThat(reported || gone)
        .as("after delete(%s): reported deleted by the listing (%s) or get() empty (%s, %s)", item.id(), listed, gone,
            session.get(item.id()).map(i -> read(i).status()).orElse(null))
        .isTrue();
  }

  @Test
  void aSignedWebhookDeliveryIsAccepted() {
    WebhookHandler handler = webhookHandler();
    ExternalItem item = createThroughConnector("Contract: webhook", null);
    SignedDelivery delivery = webhookDelivery(item);

    Optional<WebhookEvent> event = handler.handle(delivery.headers(), delivery.body());

    assertThat(event).as("a correctly signed delivery").isPresent();
    assertThat(event.get().items()).extracting(ExternalItem::id).contains(item.id());
  }

  @Test
  void aWebhookWhoseBodyWasTamperedWithIsRefused() {
    WebhookHandler handler = webhookHandler();
    SignedDelivery delivery = webhookDelivery(createThroughConnector("Contract: webhook tampered", null));

    assertCategory(() -> handler.handle(delivery.headers(), ContractSupport.tampered(delivery.body())),
        ErrorCategory.AUTHENTICATION);
  }

  @Test
  void aWebhookWithAWrongOrMissingSignatureIsRefused() {
    WebhookHandler handler = webhookHandler();
    SignedDelivery delivery = webhookDelivery(createThroughConnector("Contract: webhook signature", null));

    assertCategory(() -> handler.handle(ContractSupport.withWrongSignature(delivery), delivery.body()),
        ErrorCategory.AUTHENTICATION);
    assertCategory(() -> handler.handle(ContractSupport.withoutSignature(delivery), delivery.body()),
        ErrorCategory.AUTHENTICATION);
  }

  @Test
  void aReplayedWebhookDeliveryIsRecognised() {
    webhookHandler();
    SignedDelivery delivery = webhookDelivery(createThroughConnector("Contract: webhook replay", null));
    // handled as the engine does: through the session's handler, asked for each delivery
    Optional<WebhookEvent> first = webhookHandler().handle(delivery.headers(), delivery.body());
    Optional<WebhookEvent> again = webhookHandler().handle(delivery.headers(), delivery.body());

    assertThat(first).isPresent();
    assertThat(again.map(WebhookEvent::deliveryId))
        .as("the same delivery handled again: empty, or the first's delivery id so that the engine drops it")
        .satisfiesAnyOf(e -> assertThat(e).isEmpty(), e -> assertThat(e).contains(first.get().deliveryId()));
  }

  @Test
  void concurrentCreatesLoseNothingAndCreateNothingTwice() {
    assumeDeclared(Capability.CREATE);
    List<ExternalItem> all = createInParallel("Contract: concurrent create ").stream().flatMap(List::stream).toList();

    assertThat(all).extracting(ExternalItem::id).as("ids answered to %s creates from %s threads", all.size(), THREADS)
        .doesNotHaveDuplicates();
    for (ExternalItem answer : all) {
      assertThat(session.get(answer.id()).map(i -> read(i).title())).as("item %s, read", answer.id())
          .contains(read(answer).title());
    }
    if (declares(Capability.READ_CHANGES)) {
      remote().passTime();
      List<ExternalItem> everything = pages(Cursor.START, 5).stream().flatMap(p -> p.items().stream()).toList();
      List<String> listed = everything.stream()
          .filter(i -> !i.deleted() && read(i).title().startsWith("Contract: concurrent create "))
          .map(ExternalItem::id).toList();
      assertThat(listed).as("items the listing shows after concurrent creates, among %s", everything.stream()
              .map(i -> i.id() + (i.deleted() ? " (deleted)" : " " + read(i).title())).toList())
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(all.stream().map(ExternalItem::id).toList());
    }
  }

  @Test
  void concurrentUpdatesLoseNothing() {
    assumeDeclared(Capability.CREATE);
    assumeDeclared(Capability.UPDATE);
    List<List<ExternalItem>> created = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      List<ExternalItem> mine = new ArrayList<>();
      for (int k = 0; k < EACH; k++) {
        mine.add(createThroughConnector("Contract: concurrent update " + t + "-" + k, null));
      }
      created.add(mine);
    }

    ContractSupport.inParallel(THREADS, t -> created.get(t).stream().map(i -> session.update(i.id(),
        mapping().fromCanonical(read(i).toBuilder().title(read(i).title() + " updated").build(), Set.of("title")),
        null)).toList());

    for (List<ExternalItem> mine : created) {
      for (ExternalItem item : mine) {
        assertThat(session.get(item.id()).map(i -> read(i).title())).as("item %s after concurrent updates", item.id())
            .contains(read(item).title() + " updated");
      }
    }
    if (writableBasics().size() == 2) {
      // two threads write different fields of one item: a session that writes back a whole item it read loses one
      String shared = created.get(0).get(0).id();
      ContractSupport.inParallel(2, t -> {
        for (int round = 0; round < 3; round++) {
          WorkItem item = WorkItem.builder().title("Contract: shared " + round).description("Shared " + round).build();
          session.update(shared, mapping().fromCanonical(item, Set.of(t == 0 ? "title" : "description")), null);
        }
        return t;
      });
      WorkItem after = read(session.get(shared).orElseThrow());
      assertThat(List.of(after.title(), after.description())).as("item %s after concurrent updates of its two fields", shared)
          .containsExactly("Contract: shared 2", "Shared 2");
    }
  }

  /** {@value #EACH} creates on each of {@value #THREADS} threads at once; the answers by thread. */
  private List<List<ExternalItem>> createInParallel(String prefix) {
    return ContractSupport.inParallel(THREADS, t -> IntStream.range(0, EACH)
        .mapToObj(k -> createThroughConnector(prefix + t + "-" + k, null)).toList());
  }

  private WebhookHandler webhookHandler() {
    assumeDeclared(Capability.WEBHOOKS);
    return session.webhooks().orElseThrow(() -> new AssertionError(
        "the connector declares WEBHOOKS but its session's webhooks() is empty"));
  }

  /** Same id, version and canonical fields, as the engine compares what it wrote with what it reads. */
  private void assertSameItem(ExternalItem actual, ExternalItem expected, String what) {
    assertThat(actual.id()).as("id of %s", what).isEqualTo(expected.id());
    assertThat(CanonicalJson.fields(read(actual))).as("%s, mapped, against a following get", what)
        .isEqualTo(CanonicalJson.fields(read(expected)));
    assertThat(actual.version()).as("version of %s, against a following get", what).isEqualTo(expected.version());
  }

  /** Every page of the listing after {@code cursor}, while the tool says it has more. */
  private List<ChangePage> pages(Cursor cursor, int pageSize) {
    List<ChangePage> pages = new ArrayList<>();
    Cursor at = cursor;
    for (int n = 0; n < 100; n++) {
      ChangePage page = session.changes(at, pageSize);
      pages.add(page);
      at = page.next();
      if (!page.hasMore()) {
        return pages;
      }
    }
    throw new AssertionError("the listing did not end within 100 pages of " + pageSize);
  }

  /** The cursor after everything listed now. */
  private Cursor drainToEnd(Cursor cursor) {
    List<ChangePage> pages = pages(cursor, 50);
    return pages.get(pages.size() - 1).next();
  }

  protected static void assertCategory(Runnable call, ErrorCategory category) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(IntegrationException.class,
        e -> assertThat(e.category()).as(e.getMessage()).isEqualTo(category));
  }

  private static void assertUnsupported(Runnable call) {
    assertCategory(call, ErrorCategory.PERMANENT);
  }

  private static void replaceText(JsonNode node, String from, String to) {
    if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
      object.properties().forEach(e -> {
        if (e.getValue().isTextual() && e.getValue().textValue().equals(from)) {
          object.put(e.getKey(), to);
        } else {
          replaceText(e.getValue(), from, to);
        }
      });
    }
  }

  /** Convenience for subclasses: an id that the remote does not have. */
  protected Optional<String> unknownId() {
    return Optional.of("999999999");
  }
}
