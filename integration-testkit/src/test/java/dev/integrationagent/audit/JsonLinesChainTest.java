package dev.integrationagent.audit;

import static dev.integrationagent.audit.ChainFiles.event;
import static dev.integrationagent.audit.ChainFiles.json;
import static dev.integrationagent.audit.ChainFiles.lines;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.audit.AuditVerification.Kind;
import dev.integrationagent.testkit.FakeClock;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesChainTest {
  private static final byte[] KEY = "a key kept off the audited machine".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");

  private Path file() {
    return dir.resolve("audit.jsonl");
  }

  private void write(int from, int to) {
    try (JsonLinesAuditSink sink = JsonLinesAuditSink.builder(file()).clock(clock).build()) {
      for (int n = from; n <= to; n++) {
        sink.record(event(n));
      }
    }
  }

  @Test
  void theFirstRecordChainsFromSixtyFourZerosAndEachHashIsTheDocumentedOne() throws Exception {
    write(1, 3);

    List<String> lines = lines(file());
    assertThat(json(lines.get(0)).get("prev").asText()).isEqualTo("0".repeat(64));
    for (int i = 0; i < lines.size(); i++) {
      String prev = json(lines.get(i)).get("prev").asText();
      assertThat(json(lines.get(i)).get("hash").asText()).matches("[0-9a-f]{64}")
          .isEqualTo(json(ChainFiles.reseal(json(lines.get(i)), prev, null)).get("hash").asText());
      if (i > 0) {
        assertThat(prev).isEqualTo(json(lines.get(i - 1)).get("hash").asText());
      }
    }
  }

  @Test
  void linesWithPrevAndHashStillReadAsTheRecordsSent() throws Exception {
    write(1, 2);

    assertThat(lines(file())).extracting(AuditEventJson::read).containsExactly(event(1), event(2));
    assertThat(JsonLinesAuditSink.read(file())).containsExactly(event(1), event(2));
  }

  @Test
  void aReopenedFileContinuesItsChain() {
    write(1, 2);
    write(3, 4);

    AuditVerification v = AuditLogs.verify(file());
    assertThat(v.ok()).as(v.report()).isTrue();
    assertThat(v.records()).isEqualTo(4);
  }

  @Test
  void everyLineValidatesAgainstTheShippedSchema() throws Exception {
    try (JsonLinesAuditSink sink = JsonLinesAuditSink.builder(file()).clock(clock).rotateAtBytes(2_000).build()) {
      for (int n = 1; n <= 6; n++) {
        sink.record(event(n));
      }
      sink.record(new AuditEvent(clock.instant(), "agent.started", AuditEvent.Outcome.SKIPPED, null, null, null, null,
          "started", java.util.Map.of()));
    }
    tearLastLine(file(), 10);
    JsonLinesAuditSink.builder(file()).clock(clock).build().close();

    Schema schema;
    try (InputStream in = AuditEventJson.class.getResourceAsStream(AuditEventJson.SCHEMA_RESOURCE)) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    }
    List<String> checked = new ArrayList<>();
    for (Path f : new AuditFileNames(file()).sequence()) {
      for (String line : lines(f)) {
        if (line.startsWith("{") && line.endsWith("}")) {
          assertThat(schema.validate(json(line))).as(line).isEmpty();
          checked.add(line);
        }
      }
    }
    assertThat(checked).anyMatch(l -> l.contains("\"predecessor\"")).anyMatch(l -> l.contains("audit.recovered"));
  }

  @Test
  void aLineTornByACrashIsKeptAndRecordedWhenTheFileIsReopened() throws Exception {
    write(1, 3);
    int tornBytes = tearLastLine(file(), 40);
    clock.advance(Duration.ofMinutes(5));

    write(4, 4);

    List<String> lines = lines(file());
    assertThat(lines).hasSize(5);
    ObjectNode recovered = json(lines.get(3));
    assertThat(recovered.get("operation").asText()).isEqualTo("audit.recovered");
    assertThat(recovered.get("outcome").asText()).isEqualTo("SKIPPED");
    assertThat(recovered.get("attributes").get("tornLine").asText()).isEqualTo("3");
    assertThat(recovered.get("attributes").get("tornBytes").asText()).isEqualTo(Integer.toString(tornBytes));
    assertThat(recovered.get("prev").asText()).isEqualTo(json(lines.get(1)).get("hash").asText());
    AuditVerification v = AuditLogs.verify(file());
    assertThat(v.problems()).extracting(AuditVerification.Problem::kind, AuditVerification.Problem::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.TORN, 3));
    assertThat(v.tampered()).isFalse();
    assertThat(AuditLogs.read(file())).extracting(AuditEvent::operation)
        .containsExactly("item.updated", "item.updated", "audit.recovered", "item.updated");
  }

  @Test
  void aLastRecordMissingOnlyItsNewlineIsCompletedNotCalledTorn() throws Exception {
    write(1, 2);
    tearLastLine(file(), 0);

    write(3, 3);

    assertThat(lines(file())).hasSize(3);
    assertThat(AuditLogs.verify(file()).ok()).isTrue();
  }

  @Test
  void aKeyedChainVerifiesWithItsKeyOnly() {
    try (JsonLinesAuditSink sink = JsonLinesAuditSink.builder(file()).hmacKey(KEY).build()) {
      sink.record(event(1));
      sink.record(event(2));
    }

    assertThat(AuditLogs.verify(file(), KEY).ok()).isTrue();
    assertThat(AuditLogs.verify(file()).problems()).extracting(AuditVerification.Problem::kind)
        .containsOnly(Kind.EDITED);
  }

  @Test
  void aChainRecomputedWithoutTheKeyFailsVerificationWithTheKey() throws Exception {
    try (JsonLinesAuditSink sink = JsonLinesAuditSink.builder(file()).hmacKey(KEY).build()) {
      for (int n = 1; n <= 4; n++) {
        sink.record(event(n));
      }
    }
    List<String> lines = lines(file());
    lines.set(1, lines.get(1).replace("\"record 2\"", "\"nothing happened\""));
    ChainFiles.rewrite(file(), lines);
    ChainFiles.rechain(file(), 0, null);

    assertThat(AuditLogs.verify(file()).ok()).as("a keyless recomputed chain defeats a plain hash").isTrue();
    AuditVerification keyed = AuditLogs.verify(file(), KEY);
    assertThat(keyed.ok()).isFalse();
    assertThat(keyed.problems()).extracting(AuditVerification.Problem::line).contains(1, 2, 3, 4);
  }

  @Test
  void aFileWrittenBeforeChainingIsContinuedWithANewChainAndItsOldLinesReportedUnchained() throws Exception {
    Files.writeString(file(), AuditEventJson.write(event(1)) + "\n" + AuditEventJson.write(event(2)) + "\n");

    write(3, 4);

    AuditVerification v = AuditLogs.verify(file());
    assertThat(v.problems()).extracting(AuditVerification.Problem::kind, AuditVerification.Problem::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.UNREADABLE, 1),
            org.assertj.core.groups.Tuple.tuple(Kind.UNREADABLE, 2));
    assertThat(v.records()).isEqualTo(2);
    assertThat(AuditLogs.read(file())).containsExactly(event(1), event(2), event(3), event(4));
  }

  /** Cuts {@code keep} bytes short of the last line's newline off the end; returns the bytes left of it. */
  static int tearLastLine(Path file, int cut) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length - 1;
    int start = end - 1;
    while (start > 0 && bytes[start - 1] != '\n') {
      start--;
    }
    int keptEnd = end - cut;
    try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(keptEnd);
    }
    return keptEnd - start;
  }
}
