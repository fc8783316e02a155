package dev.integrationagent.http;

import dev.integrationagent.api.ErrorCategory;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats TRANSIENT and RATE_LIMITED failures. resilience4j's {@link Retry} counts attempts and
 * computes the wait (full-jitter backoff, or the tool's announced wait); the wait itself goes
 * through the {@link Sleeper}, so tests never sleep. A call is repeated only when it is safe to
 * (idempotent method, idempotency key, marked safe, or refused by a rate limit: a 429, or
 * GitHub's 403 for a spent limit, means the tool did not act on it), the announced wait is not longer than
 * {@code maxRetryAfter}, the wait ends within the call timeout, and the connection's
 * {@link RetryBudget} allows it.
 */
final class RetryInterceptor implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(RetryInterceptor.class);

  private final String connectionId;
  private final Retry retry;
  private final RetryBudget budget;
  private final Sleeper sleeper;
  private final Duration maxRetryAfter;
  private final int maxAttempts;
  private final long callTimeoutNanos;

  RetryInterceptor(String connectionId, HttpSettings settings, Backoff backoff, RetryBudget budget, Sleeper sleeper) {
    this.connectionId = connectionId;
    this.budget = budget;
    this.sleeper = sleeper;
    this.maxRetryAfter = settings.maxRetryAfter;
    this.maxAttempts = settings.maxAttempts;
    this.callTimeoutNanos = settings.callTimeout.toNanos();
    this.retry = Retry.of(connectionId, RetryConfig.<Response>custom()
        .maxAttempts(settings.maxAttempts)
        .retryOnException(t -> t instanceof HttpException e && e.category().isRetryable())
        .intervalBiFunction((attempt, outcome) ->
            backoff.delayMillis(attempt, outcome.isLeft() ? outcome.getLeft() : null))
        .writableStackTraceEnabled(false)
        .build());
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    CallContext call = CallContexts.of(request);
    long start = System.nanoTime();
    budget.deposit();
    Retry.AsyncContext<Response> attempts = retry.asyncContext();
    while (true) {
      HttpException failure;
      try {
        Response response = chain.proceed(request);
        attempts.onComplete();
        return response;
      } catch (HttpException e) {
        failure = e;
      }
      if (!failure.category().isRetryable()) {
        attempts.onError(failure);
        throw failure;
      }
      if (!call.safeToRetry && failure.category() != ErrorCategory.RATE_LIMITED) {
        throw failure.withNote("Not retried: " + request.method()
            + " is not idempotent and the call has no idempotency key.");
      }
      if (failure.retryAfter().map(d -> d.compareTo(maxRetryAfter) > 0).orElse(false)) {
        throw failure.withNote("Not retried: the announced wait is longer than maxRetryAfter ("
            + maxRetryAfter.toSeconds() + " s).");
      }
      long delay = attempts.onError(failure);
      if (delay < 0) {
        throw failure.withNote("Gave up after " + maxAttempts + " attempts.");
      }
      // OkHttp's call timeout covers this whole loop; a wait past it would only end in "Canceled"
      if (chain.call().isCanceled()
          || System.nanoTime() - start + TimeUnit.MILLISECONDS.toNanos(delay) >= callTimeoutNanos) {
        throw failure.withNote("Not retried: waiting " + delay + " ms would pass the call timeout ("
            + TimeUnit.NANOSECONDS.toSeconds(callTimeoutNanos) + " s).");
      }
      if (!budget.tryWithdraw()) {
        log.warn("{}: {} {} not retried: the retry budget is spent", connectionId, request.method(), call.pathTemplate);
        throw failure.withNote("Not retried: the connection's retry budget is spent (many retries recently).");
      }
      log.info("{}: {} {} failed ({}), retry {} of {} in {} ms", connectionId, request.method(),
          call.pathTemplate, failure.category(), call.attempt, maxAttempts - 1, delay);
      sleeper.sleep(Duration.ofMillis(delay));
      call.attempt++;
    }
  }
}
