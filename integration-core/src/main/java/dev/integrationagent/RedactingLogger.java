package dev.integrationagent;

import static java.util.Objects.requireNonNull;

import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The engine's loggers: each line is formatted, cleaned of the agent's secrets (the message and
 * the logged exception with its causes) and handed to the host's logger of the same name. Levels
 * are the delegate's, so hosts configure the engine's logging as usual.
 */
final class RedactingLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  private final transient Logger delegate;
  private final transient Redaction redaction;

  RedactingLogger(Logger delegate, Redaction redaction) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.redaction = requireNonNull(redaction, "redaction");
    this.name = delegate.getName();
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, @Nullable Marker marker, String messagePattern,
      @Nullable Object[] arguments, @Nullable Throwable throwable) {
    String message = redaction.text(MessageFormatter.basicArrayFormat(messagePattern, arguments));
    Throwable error = throwable == null ? null : redaction.throwable(throwable);
    switch (level) {
      case ERROR -> delegate.error(message, error);
      case WARN -> delegate.warn(message, error);
      case INFO -> delegate.info(message, error);
      case DEBUG -> delegate.debug(message, error);
      case TRACE -> delegate.trace(message, error);
      default -> throw new IllegalStateException("unknown level " + level);
    }
  }

  @Override
  protected @Nullable String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  public boolean isTraceEnabled() {
    return delegate.isTraceEnabled();
  }

  @Override
  public boolean isDebugEnabled() {
    return delegate.isDebugEnabled();
  }

  @Override
  public boolean isInfoEnabled() {
    return delegate.isInfoEnabled();
  }

  @Override
  public boolean isWarnEnabled() {
    return delegate.isWarnEnabled();
  }

  @Override
  public boolean isErrorEnabled() {
    return delegate.isErrorEnabled();
  }
}
