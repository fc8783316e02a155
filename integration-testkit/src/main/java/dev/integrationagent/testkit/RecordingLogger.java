package dev.integrationagent.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.MDC;
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

  /**
   * One logged line.
   *
   * @param logger the name of the logger it was logged to
   * @param mdc the MDC it was logged under (empty where the SLF4J binding keeps none)
   */
  public record Line(Level level, String message, @Nullable Throwable error, String logger, Map<String, String> mdc) {
    public Line {
      mdc = Map.copyOf(mdc);
    }
  }

  private final transient List<Line> lines;

  public RecordingLogger(String name) {
    this(name, new ArrayList<>());
  }

  private RecordingLogger(String name, List<Line> lines) {
    this.name = name;
    this.lines = lines;
  }

  /**
   * A logger factory whose loggers keep their lines in one list, in the order logged: give it to
   * the agent ({@code IntegrationAgent.builder().loggers(factory)}) to see everything it logs.
   */
  public static Factory factory() {
    return new Factory();
  }

  /** Loggers that record into one list. */
  public static final class Factory implements ILoggerFactory {
    private final List<Line> lines = Collections.synchronizedList(new ArrayList<>());

    @Override
    public RecordingLogger getLogger(String name) {
      return new RecordingLogger(name, lines);
    }

    /** Every line so far of every logger, oldest first. */
    public List<Line> lines() {
      synchronized (lines) {
        return List.copyOf(lines);
      }
    }
  }

  /** Every line so far, oldest first. */
  public List<Line> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, @Nullable Marker marker,
      String messagePattern, @Nullable Object[] arguments, @Nullable Throwable throwable) {
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    synchronized (lines) {
      lines.add(new Line(level, MessageFormatter.basicArrayFormat(messagePattern, arguments), throwable, name,
          mdc == null ? Map.of() : mdc));
    }
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
