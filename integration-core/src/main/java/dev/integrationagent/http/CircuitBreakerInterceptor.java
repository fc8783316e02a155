package dev.integrationagent.http;

import dev.integrationagent.api.ErrorCategory;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resilience4j circuit breaker over the connection: {@code circuitFailureThreshold} transient
 * failures in a row (after retries) open it, calls then fail fast as TRANSIENT until
 * {@code circuitOpenDuration} has passed, and trial calls decide whether it closes again. Only
 * TRANSIENT failures count: a 404 or a 422 says nothing about the tool's health.
 */
final class CircuitBreakerInterceptor implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(CircuitBreakerInterceptor.class);

  private final String connectionId;
  private final CircuitBreaker breaker;
  private final Clock clock;
  private final Duration openDuration;
  private final int threshold;
  private volatile Instant openUntil = Instant.EPOCH;
  private volatile CircuitBreaker.State lastState;

  CircuitBreakerInterceptor(String connectionId, HttpSettings settings, Clock clock) {
    this.connectionId = connectionId;
    this.clock = clock;
    this.openDuration = settings.circuitOpenDuration;
    this.threshold = settings.circuitFailureThreshold;
    this.breaker = CircuitBreaker.of(connectionId, CircuitBreakerConfig.custom()
        .slidingWindow(threshold, threshold, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .failureRateThreshold(100)
        .waitDurationInOpenState(settings.circuitOpenDuration)
        .permittedNumberOfCallsInHalfOpenState(settings.circuitHalfOpenCalls)
        .recordException(CircuitBreakerInterceptor::isTransient)
        .writableStackTraceEnabled(false)
        .clock(clock)
        .build());
    // No event consumer on purpose: with one registered, resilience4j builds an event object
    // (with a ZonedDateTime) for every call. State changes are noticed after each outcome instead.
    this.lastState = breaker.getState();
  }

  CircuitBreaker.State state() {
    return breaker.getState();
  }

  private static boolean isTransient(Throwable t) {
    return !(t instanceof HttpException e) || e.category() == ErrorCategory.TRANSIENT;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (!breaker.tryAcquirePermission()) {
      Instant until = openUntil;
      String message = connectionId + ": " + request.method() + " " + CallContexts.of(request).pathTemplate
          + " not attempted: the circuit is open after repeated transient failures, so calls fail fast"
          + (until.isAfter(clock.instant()) ? " until " + until : "")
          + "; a trial call is let through after that. Check the tool's status and the network.";
      throw HttpException.circuitOpen(connectionId, message);
    }
    noticeStateChange(); // an open circuit turns half-open inside tryAcquirePermission
    long start = System.nanoTime();
    try {
      Response response = chain.proceed(request);
      breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      noticeStateChange();
      return response;
    } catch (IOException | RuntimeException e) {
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      noticeStateChange();
      throw e;
    }
  }

  private void noticeStateChange() {
    CircuitBreaker.State now = breaker.getState();
    if (now == lastState) {
      return;
    }
    synchronized (this) {
      if (now == lastState) {
        return;
      }
      lastState = now;
      if (now == CircuitBreaker.State.OPEN) {
        openUntil = clock.instant().plus(openDuration);
        log.warn("{}: circuit opened after {} transient failures in a row; calls fail fast until {}",
            connectionId, threshold, openUntil);
      } else {
        log.info("{}: circuit {}", connectionId, now.toString().toLowerCase(Locale.ROOT));
      }
    }
  }
}
