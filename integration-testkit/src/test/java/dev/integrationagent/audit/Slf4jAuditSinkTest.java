package dev.integrationagent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.AuditSinks;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import dev.integrationagent.testkit.AuditSinkContract;
import dev.integrationagent.testkit.RecordingLogger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class Slf4jAuditSinkTest extends AuditSinkContract {
  private final RecordingLogger logger = new RecordingLogger("dev.integrationagent.audit");

  @Override
  protected AuditSink newSink() {
    return AuditSinks.slf4j(logger);
  }

  @Override
  protected List<AuditEvent> delivered(AuditSink sink) {
    // each line is "<type> <json>"; the JSON part is the event
    return logger.lines().stream()
        .map(line -> AuditEventJson.read(line.message().substring(line.message().indexOf(' ') + 1)))
        .toList();
  }

  @Test
  void failuresAreLoggedAsWarningsAndSuccessesAsInfo() {
    AuditSink sink = newSink();
    sink.record(event(2));
    sink.record(new AuditEvent(event(2).at(), "item.failed", AuditEvent.Outcome.FAILURE, null, null, null, null,
        "boom", Map.of()));

    assertThat(logger.lines()).extracting(RecordingLogger.Line::level).containsExactly(Level.INFO, Level.WARN);
    assertThat(logger.lines().get(1).message()).startsWith("item.failed {");
  }
}
