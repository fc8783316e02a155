package dev.integrationagent.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.StateStores;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.sync.Side;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import dev.integrationagent.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded H2 store acknowledges only what is in its file: a process killed with SIGKILL
 * right after a save returned loses none of what it saved.
 */
class H2DurabilityTest {
  private static final int ACKNOWLEDGEMENTS_BEFORE_KILL = 300;
  private static final Duration MAX_WRITING = Duration.ofSeconds(5);

  @TempDir Path dir;

  @Test
  void everyAcknowledgedLinkSurvivesAKilledProcess() throws Exception {
    Path file = dir.resolve("agent");
    List<String> acknowledged = new ArrayList<>();
    String stderr;
    try (ChildJvm child = ChildJvm.builder(LinkWriter.class.getName()).args(file.toString())
        .stderr(dir.resolve("LinkWriter.stderr")).start()) {
      String first = child.nextLine(Duration.ofSeconds(60)); // a cold JVM and H2 start
      assertThat(first).as("the writer's first acknowledgement; its stderr:%n%s", child.stderr()).startsWith("ack ");
      acknowledged.add(first);
      long deadline = System.nanoTime() + MAX_WRITING.toNanos();
      while (acknowledged.size() < ACKNOWLEDGEMENTS_BEFORE_KILL && System.nanoTime() < deadline) {
        String line = child.nextLine(Duration.ofMillis(100));
        if (line != null) {
          acknowledged.add(line);
        }
      }
      child.kill(); // at once after the last acknowledgement read: no time for a delayed write
      acknowledged.addAll(child.remainingLines()); // printed, so acknowledged, before it died
      stderr = child.stderr();
    }
    List<String> ids = acknowledged.stream().filter(l -> l.startsWith("ack ")).map(l -> l.substring(4)).toList();
    assertThat(ids).as("the writer got going; its stderr:%n%s", stderr).hasSizeGreaterThan(10);

    try (StateStore reopened = StateStores.h2(file)) {
      List<String> missing = ids.stream().filter(id -> reopened.link("p", Side.A, id).isEmpty()).toList();
      assertThat(missing.size()).as("of %s acknowledged saves, lost after the kill (first: %s)", ids.size(),
          missing.subList(0, Math.min(5, missing.size()))).isZero();
    }
  }

  /** The killed process: saves links one by one and prints each id once its save has returned. */
  static final class LinkWriter {
    private LinkWriter() {}

    public static void main(String[] args) {
      ObjectMapper json = new ObjectMapper();
      StateStore store = StateStores.h2(Path.of(args[0]));
      // bounded: should the parent fail to kill it, it stops by itself
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      for (int i = 0; System.nanoTime() < deadline; i++) {
        String id = "a" + i;
        ObjectNode base = json.createObjectNode().put("title", "Item " + i);
        ObjectNode seen = json.createObjectNode().put("title", Integer.toHexString(i));
        store.saveLink(new Link("p", id, "b" + i, base, seen, seen, Instant.now()));
        System.out.println("ack " + id);
        System.out.flush();
      }
      store.close();
    }
  }
}
