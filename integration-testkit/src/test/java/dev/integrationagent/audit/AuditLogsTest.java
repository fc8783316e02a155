package dev.integrationagent.audit;

import static dev.integrationagent.audit.ChainFiles.event;
import static dev.integrationagent.audit.ChainFiles.json;
import static dev.integrationagent.audit.ChainFiles.lines;
import static dev.integrationagent.audit.ChainFiles.rewrite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.audit.AuditVerification.Kind;
import dev.integrationagent.audit.AuditVerification.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogsTest {
  @TempDir Path dir;
  private Path file;

  @BeforeEach
  void sixRecords() {
    file = dir.resolve("audit.jsonl");
    try (JsonLinesAuditSink sink = new JsonLinesAuditSink(file)) {
      for (int n = 1; n <= 6; n++) {
        sink.record(event(n));
      }
    }
  }

  private List<Problem> problems() {
    return AuditLogs.verify(file).problems();
  }

  @Test
  void anUntouchedFileVerifiesOk() {
    AuditVerification v = AuditLogs.verify(file);

    assertThat(v.ok()).isTrue();
    assertThat(v.tampered()).isFalse();
    assertThat(v.records()).isEqualTo(6);
    assertThat(v.files()).containsExactly(file);
    assertThat(v.report()).isEqualTo("ok: 6 records in 1 file(s), chain unbroken");
  }

  @Test
  void anEditedFieldIsNamedEditedOnItsLine() throws Exception {
    List<String> lines = lines(file);
    lines.set(2, lines.get(2).replace("\"itemId\":\"APP-3\"", "\"itemId\":\"APP-9\""));
    rewrite(file, lines);

    assertThat(problems()).extracting(Problem::kind, Problem::line, Problem::recordId)
        .containsExactly(tuple(Kind.EDITED, 3, "record-3"));
    assertThat(problems().get(0).sentence())
        .isEqualTo("line 3 (record record-3): edited: its hash does not match its content");
    assertThat(problems().get(0)).hasToString("audit.jsonl " + problems().get(0).sentence());
  }

  @Test
  void aDeletedLineIsNamedRemovedOnTheLineAfterIt() throws Exception {
    List<String> lines = lines(file);
    lines.remove(3);
    rewrite(file, lines);

    assertThat(problems()).extracting(Problem::kind, Problem::line, Problem::recordId)
        .containsExactly(tuple(Kind.REMOVED, 4, "record-5"));
  }

  @Test
  void aDeletedFirstLineIsNamedRemoved() throws Exception {
    List<String> lines = lines(file);
    lines.remove(0);
    rewrite(file, lines);

    assertThat(problems()).extracting(Problem::kind, Problem::line).containsExactly(tuple(Kind.REMOVED, 1));
  }

  @Test
  void aForgedLineWithACorrectLookingHashIsNamedInserted() throws Exception {
    List<String> lines = lines(file);
    ObjectNode forged = json(lines.get(1)).put("id", "forged").put("message", "approved by the boss");
    lines.add(2, ChainFiles.reseal(forged, json(lines.get(1)).get("hash").asText(), null));
    rewrite(file, lines);

    assertThat(problems()).extracting(Problem::kind, Problem::line, Problem::recordId)
        .containsExactly(tuple(Kind.INSERTED, 3, "forged"));
    assertThat(problems().get(0).sentence()).contains("its hash is valid for its content");
  }

  @Test
  void aLineForgedWithAnyPrevIsNamedInserted() throws Exception {
    List<String> lines = lines(file);
    lines.add(4, ChainFiles.reseal(json(lines.get(0)).put("id", "forged"), "f".repeat(64), null));
    rewrite(file, lines);

    assertThat(problems()).extracting(Problem::kind, Problem::line).containsExactly(tuple(Kind.INSERTED, 5));
  }

  @Test
  void twoSwappedLinesAreNamedReordered() throws Exception {
    List<String> lines = lines(file);
    String third = lines.get(2);
    lines.set(2, lines.get(3));
    lines.set(3, third);
    rewrite(file, lines);

    assertThat(problems()).extracting(Problem::kind, Problem::line, Problem::recordId)
        .containsExactly(tuple(Kind.REORDERED, 3, "record-4"), tuple(Kind.REORDERED, 4, "record-3"));
    assertThat(problems().get(0).sentence()).endsWith("its prev names the record on line 4, which comes after it");
  }

  @Test
  void aFileCutMidLineIsNamedTornNotTampered() throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    int fourth = String.join("\n", lines(file).subList(0, 3)).length() + 1;
    Files.write(file, java.util.Arrays.copyOf(bytes, fourth + 50));

    AuditVerification v = AuditLogs.verify(file);

    assertThat(v.problems()).extracting(Problem::kind, Problem::line, Problem::recordId)
        .containsExactly(tuple(Kind.TORN, 4, null));
    assertThat(v.tampered()).isFalse();
    assertThat(v.ok()).isFalse();
    assertThat(AuditLogs.read(file)).hasSize(3);
  }

  @Test
  void aLineThatIsNotARecordIsNamedUnreadable() throws Exception {
    List<String> lines = lines(file);
    lines.add(2, "{\"note\":\"no chain here\"}");
    lines.add(4, "garbage");
    rewrite(file, lines);

    assertThat(problems()).extracting(Problem::kind, Problem::line)
        .containsExactly(tuple(Kind.UNREADABLE, 3), tuple(Kind.UNREADABLE, 5));
  }

  @Test
  void anEditedRecordWithItsHashRecomputedIsNamedRemovedAfterIt() throws Exception {
    List<String> lines = lines(file);
    lines.set(1, ChainFiles.reseal(json(lines.get(1)).put("message", "nothing"), json(lines.get(0)).get("hash").asText(),
        null));
    rewrite(file, lines);

    assertThat(problems()).extracting(Problem::kind, Problem::line).containsExactly(tuple(Kind.REMOVED, 3));
  }
}
