package dev.integrationagent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import dev.integrationagent.testkit.AuditSinkContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The sink contract for a keyed sink that rotates every few records, and its chain verified after each test. */
class RotatingJsonLinesAuditSinkTest extends AuditSinkContract {
  private static final byte[] KEY = "contract key".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("audit.jsonl");
  }

  @Override
  protected AuditSink newSink() {
    return JsonLinesAuditSink.builder(file()).rotateAtBytes(4_000).hmacKey(KEY).build();
  }

  @Override
  protected List<AuditEvent> delivered(AuditSink sink) {
    return AuditLogs.read(file());
  }

  @AfterEach
  void theChainVerifies() {
    AuditVerification v = AuditLogs.verifyAll(dir, KEY);
    assertThat(v.ok()).as(v.report()).isTrue();
  }
}
