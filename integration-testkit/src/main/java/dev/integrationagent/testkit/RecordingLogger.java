package dev.integrationagent.testkit;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * An SLF4J logger that keeps every formatted line, for asserting on log output (what was
 * logged, and that no secret was).
 *
 * <pre>{@code
 * RecordingLogger log = new RecordingLogger("audit");
 * AuditSinks.slf4j(log).record(event);
 * assertThat(log.lines()).noneMatch(l -> l.contains(token));
 * }</pre>
 */
public final class RecordingLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  /** One logged line. */
  public record Line(Level level, String message, @Nullable Throwable error) {}

  private final transient List<Line> lines = new ArrayList<>();

  public RecordingLogger(String name) {
    this.name = name;
  }

  /** Every line so far, oldest first. */
  public synchronized List<Line> lines() {
    return List.copyOf(lines);
  }

  @Override
  protected synchronized void handleNormalizedLoggingCall(Level level, @Nullable Marker marker,
      String messagePattern, @Nullable Object[] arguments, @Nullable Throwable throwable) {
    lines.add(new Line(level, MessageFormatter.basicArrayFormat(messagePattern, arguments), throwable));
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return RecordingLogger.class.getName();
  }

  @Override
  public boolean isTraceEnabled() {
    return true;
  }

  @Override
  public boolean isDebugEnabled() {
    return true;
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }
}
