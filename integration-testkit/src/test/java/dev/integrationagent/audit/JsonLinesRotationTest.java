package dev.integrationagent.audit;

import static dev.integrationagent.audit.ChainFiles.event;
import static dev.integrationagent.audit.ChainFiles.json;
import static dev.integrationagent.audit.ChainFiles.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.AuditSinks;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.audit.AuditVerification.Kind;
import dev.integrationagent.audit.AuditVerification.Problem;
import dev.integrationagent.testkit.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesRotationTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @TempDir Path dir;
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");

  private Path file() {
    return dir.resolve("audit.jsonl");
  }

  private JsonLinesAuditSink sink() {
    return AuditSinks.jsonLinesBuilder(file()).rotateAtBytes(2_500).rotateDaily(PARIS).clock(clock).build();
  }

  /** The rotated files, oldest first, then the live one. */
  private List<Path> sequence() {
    return new AuditFileNames(file()).sequence();
  }

  private void write(int from, int to) {
    try (JsonLinesAuditSink sink = sink()) {
      for (int n = from; n <= to; n++) {
        sink.record(event(n));
      }
    }
  }

  @Test
  void aFullFileIsRenamedAndTheNextFileNamesItAsPredecessor() throws Exception {
    write(1, 6);

    Path first = dir.resolve("audit.2026-01-05.1.jsonl");
    assertThat(first).exists();
    assertThat(Files.size(first)).isLessThanOrEqualTo(2_500);
    ObjectNode opening = json(lines(sequence().get(1)).get(0));
    List<String> firstLines = lines(first);
    String lastHash = json(firstLines.get(firstLines.size() - 1)).get("hash").asText();
    assertThat(opening.get("predecessor").get("file").asText()).isEqualTo("audit.2026-01-05.1.jsonl");
    assertThat(opening.get("predecessor").get("hash").asText()).isEqualTo(lastHash);
    assertThat(opening.get("prev").asText()).isEqualTo(lastHash);
  }

  @Test
  void aNewDayByTheClockStartsANewFileNamedForTheDayBefore() throws Exception {
    try (JsonLinesAuditSink sink = JsonLinesAuditSink.builder(file()).rotateDaily(PARIS).clock(clock).build()) {
      sink.record(event(1));
      clock.set(java.time.Instant.parse("2026-01-05T22:59:00Z"));
      sink.record(event(2));
      clock.set(java.time.Instant.parse("2026-01-05T23:00:00Z"));
      sink.record(event(3));
    }

    assertThat(lines(dir.resolve("audit.2026-01-05.1.jsonl"))).hasSize(2);
    assertThat(lines(file())).hasSize(1);
    assertThat(AuditLogs.verifyAll(file()).ok()).isTrue();
  }

  @Test
  void aSequenceVerifiesOkAcrossReopensAndRotations() throws Exception {
    write(1, 4);
    write(5, 8);
    clock.advance(Duration.ofDays(1));
    write(9, 12);
    Files.writeString(dir.resolve("notes.txt"), "not an audit file");

    AuditVerification v = AuditLogs.verifyAll(dir);

    assertThat(v.ok()).as(v.report()).isTrue();
    assertThat(v.records()).isEqualTo(12);
    assertThat(v.files()).hasSizeGreaterThan(3).last().isEqualTo(file().toAbsolutePath());
    assertThat(AuditLogs.read(file())).extracting(AuditEvent::id)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 12).mapToObj(n -> "record-" + n).toList());
  }

  @Test
  void verifyingOneFileChecksThatItsPredecessorEndsWithTheNamedHash() throws Exception {
    write(1, 6);
    Path first = dir.resolve("audit.2026-01-05.1.jsonl");
    List<String> lines = lines(first);
    lines.remove(lines.size() - 1);
    ChainFiles.rewrite(first, lines);

    assertThat(AuditLogs.verify(sequence().get(1)).problems())
        .extracting(Problem::kind, Problem::line).containsExactly(tuple(Kind.PREDECESSOR_MISMATCH, 1));
  }

  @Test
  void anEditedPredecessorIsNamedInItAndInTheFileAfterIt() throws Exception {
    write(1, 6);
    Path first = dir.resolve("audit.2026-01-05.1.jsonl");
    List<String> lines = lines(first);
    lines.set(0, lines.get(0).replace("record 1", "record one"));
    ChainFiles.rewrite(first, lines);
    ChainFiles.rechain(first, 0, null);

    AuditVerification v = AuditLogs.verifyAll(file());

    assertThat(v.problems()).extracting(p -> p.file().getFileName().toString(), Problem::kind, Problem::line)
        .containsExactly(tuple(sequence().get(1).getFileName().toString(), Kind.PREDECESSOR_MISMATCH, 1));
  }

  @Test
  void aMissingPredecessorIsNamedByVerifyAllOnly() throws Exception {
    write(1, 6);
    Files.delete(dir.resolve("audit.2026-01-05.1.jsonl"));

    assertThat(AuditLogs.verify(sequence().get(0)).ok()).isTrue();
    assertThat(AuditLogs.verifyAll(dir).problems()).extracting(Problem::kind, Problem::line)
        .containsExactly(tuple(Kind.PREDECESSOR_MISSING, 1));
  }

  @Test
  void aCrashBetweenTheRenameAndTheFirstRecordLosesNoLink() throws Exception {
    write(1, 6);
    Path live = file();
    Path newest = new AuditFileNames(live).next(java.time.LocalDate.of(2026, 1, 5));
    Files.move(live, newest);

    write(7, 7);

    assertThat(json(lines(live).get(0)).get("predecessor").get("file").asText())
        .isEqualTo(newest.getFileName().toString());
    assertThat(AuditLogs.verifyAll(live).ok()).isTrue();
  }
}
