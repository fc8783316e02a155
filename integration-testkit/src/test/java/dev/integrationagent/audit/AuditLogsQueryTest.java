package dev.integrationagent.audit;

import static dev.integrationagent.audit.ChainFiles.T0;
import static dev.integrationagent.audit.ChainFiles.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.testkit.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogsQueryTest {
  @TempDir Path dir;
  private Path file;

  /** Twelve records over several rotated files: even ones by the triage workflow on jira, odd ones by a github user. */
  @BeforeEach
  void aRotatedSequence() throws Exception {
    file = dir.resolve("audit.jsonl");
    try (JsonLinesAuditSink sink = JsonLinesAuditSink.builder(file).rotateAtBytes(2_000)
        .clock(FakeClock.at(T0)).build()) {
      for (int n = 1; n <= 12; n++) {
        sink.record(event(n));
      }
    }
    assertThat(new AuditFileNames(file).rotated()).hasSizeGreaterThan(2);
  }

  private List<String> ids(AuditQuery q) {
    return AuditLogs.query(file, q).stream().map(AuditEvent::id).toList();
  }

  @Test
  void findsAnItemsRecordsOnEitherSideAcrossFiles() {
    assertThat(ids(AuditQuery.all().item("jira", "APP-2"))).containsExactly("record-2", "record-6", "record-10");
    assertThat(ids(AuditQuery.all().item("github", "7"))).containsExactly("record-7");
  }

  @Test
  void findsAConnectionsRecords() {
    assertThat(ids(AuditQuery.all().connection("jira")))
        .containsExactly("record-2", "record-4", "record-6", "record-8", "record-10", "record-12");
  }

  @Test
  void findsRecordsInATimeWindow() {
    assertThat(ids(AuditQuery.all().between(T0.plusSeconds(60 * 4), T0.plusSeconds(60 * 7))))
        .containsExactly("record-4", "record-5", "record-6");
  }

  @Test
  void findsAnActorsRecords() {
    assertThat(ids(AuditQuery.all().actor(AuditEvent.Actor.toolUser("jira"))))
        .containsExactly("record-1", "record-3", "record-5", "record-7", "record-9", "record-11");
    assertThat(ids(AuditQuery.all().actor(AuditEvent.Actor.Kind.WORKFLOW).operation("item.created")))
        .containsExactly("record-6", "record-12");
  }

  @Test
  void findsAnOperationOrAPrefix() {
    assertThat(ids(AuditQuery.all().operation("item.created"))).containsExactly("record-3", "record-6", "record-9",
        "record-12");
    assertThat(ids(AuditQuery.all().operation("item.*"))).hasSize(12);
  }

  @Test
  void keepsTheNewestWhenMoreMatchThanTheLimit() {
    assertThat(ids(AuditQuery.all().connection("jira").limit(2))).containsExactly("record-10", "record-12");
  }

  @Test
  void readingARotatedFileReadsThatFileAlone() {
    Path oldest = new AuditFileNames(file).rotated().get(0);

    assertThat(AuditLogs.read(oldest)).extracting(AuditEvent::id).startsWith("record-1")
        .hasSizeLessThan(AuditLogs.read(file).size());
  }

  @Test
  void aLineThatIsNotARecordStopsTheReadNamingIt() throws Exception {
    Files.writeString(file, "not json\n{\"x\":1}\n", java.nio.file.StandardOpenOption.APPEND);

    assertThatThrownBy(() -> AuditLogs.read(file)).hasMessageContaining("audit.jsonl line");
  }
}
