package dev.integrationagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.integrationagent.api.mapping.Mapping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every connector session must do, checked through its own mapping so that each tool's
 * JSON shape is exercised. Extend it with a fresh session on a fresh remote (a fake server, or a
 * real tool's test project) and a way to change the remote behind the connector's back:
 *
 * <pre>{@code
 * class GitHubConnectorTest extends ConnectorContract {
 *   FakeGitHub github = FakeGitHub.start();
 *   protected ConnectorSession session() { return GitHubConnector.builder().baseUrl(github.url())...open(ctx); }
 *   protected Mapping mapping() { return GitHubConnector.defaultMapping(); }
 *   protected Remote remote() { return new Remote() { ... github.editIssue(...) ... }; }
 *   protected Set<Capability> capabilities() { return GitHubConnector.CAPABILITIES; }
 * }
 * }</pre>
 *
 * <p>Operations a connector does not offer (per {@link #capabilities()}) must fail with
 * {@link ErrorCategory#PERMANENT}; the contract checks that instead of skipping.
 */
public abstract class ConnectorContract {

  /** Changes made on the remote tool directly, as a person would. */
  public interface Remote {
    /** Creates an item in the tool; returns its id. */
    String create(WorkItem item);

    /** Changes an item's title in the tool. */
    void retitle(String id, String title);
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
