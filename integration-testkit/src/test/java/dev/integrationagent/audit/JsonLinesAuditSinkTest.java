package dev.integrationagent.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.AuditSinks;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import dev.integrationagent.testkit.AuditSinkContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesAuditSinkTest extends AuditSinkContract {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("logs/audit.jsonl");
  }

  @Override
  protected AuditSink newSink() {
    return AuditSinks.jsonLines(file());
  }

  @Override
  protected List<AuditEvent> delivered(AuditSink sink) {
    return JsonLinesAuditSink.read(file());
  }

  @Test
  void appendsToAnExistingFileOneLinePerEvent() throws Exception {
    try (AuditSink first = newSink()) {
      first.record(event(1));
    }
    try (AuditSink second = newSink()) {
      second.record(event(2));
    }

    assertThat(Files.readAllLines(file())).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("{\"schemaVersion\":1,"));
    assertThat(JsonLinesAuditSink.read(file())).containsExactly(event(1), event(2));
  }

  @Test
  void aMalformedLineIsReportedByNumber() throws Exception {
    try (AuditSink sink = newSink()) {
      sink.record(event(1));
    }
    Files.writeString(file(), "{not json\n", java.nio.file.StandardOpenOption.APPEND);

    assertThatThrownBy(() -> JsonLinesAuditSink.read(file())).hasMessageContaining("line 2");
  }

  @Test
  void recordingAfterCloseFails() {
    AuditSink sink = newSink();
    sink.close();

    assertThatThrownBy(() -> sink.record(event(1))).hasMessageContaining("closed");
  }
}
