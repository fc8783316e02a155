package dev.integrationagent.http;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.ConfigurationException;
import java.time.Duration;
import java.util.List;

/**
 * The tunable limits of one connection's pipeline: timeouts, retries, rate limits, concurrency,
 * circuit breaking and the conditional-GET cache. Immutable; built like resilience4j's configs,
 * with setters that reject bad values and quote them. A connector declares its defaults, a host
 * overrides single values with {@link #from(HttpSettings)}.
 *
 * <pre>{@code
 * HttpSettings githubDefaults = HttpSettings.custom()
 *     .maxConcurrentCalls(1)                       // GitHub asks for serial requests
 *     .rateLimit(5000, Duration.ofHours(1))
 *     .build();
 * HttpSettings mine = HttpSettings.from(githubDefaults).maxAttempts(6).build();
 * }</pre>
 */
public final class HttpSettings {
  private static final HttpSettings DEFAULTS = new Builder().build();

  final Duration connectTimeout;
  final Duration readTimeout;
  final Duration callTimeout;
  final String userAgent;
  final int maxAttempts;
  final Duration baseDelay;
  final Duration maxDelay;
  final Duration maxRetryAfter;
  final double retryBudgetRatio;
  final int retryBudgetMinimum;
  final int requestsPerPeriod;
  final Duration ratePeriod;
  final Duration maxWaitForPermit;
  final boolean adaptiveRateLimit;
  final int maxConcurrentCalls;
  final Duration maxWaitForConcurrency;
  final int circuitFailureThreshold;
  final Duration circuitOpenDuration;
  final int circuitHalfOpenCalls;
  final int conditionalCacheEntries;

  private HttpSettings(Builder b) {
    connectTimeout = b.connectTimeout;
    readTimeout = b.readTimeout;
    callTimeout = b.callTimeout;
    userAgent = b.userAgent;
    maxAttempts = b.maxAttempts;
    baseDelay = b.baseDelay;
    maxDelay = b.maxDelay;
    maxRetryAfter = b.maxRetryAfter;
    retryBudgetRatio = b.retryBudgetRatio;
    retryBudgetMinimum = b.retryBudgetMinimum;
    requestsPerPeriod = b.requestsPerPeriod;
    ratePeriod = b.ratePeriod;
    maxWaitForPermit = b.maxWaitForPermit;
    adaptiveRateLimit = b.adaptiveRateLimit;
    maxConcurrentCalls = b.maxConcurrentCalls;
    maxWaitForConcurrency = b.maxWaitForConcurrency;
    circuitFailureThreshold = b.circuitFailureThreshold;
    circuitOpenDuration = b.circuitOpenDuration;
    circuitHalfOpenCalls = b.circuitHalfOpenCalls;
    conditionalCacheEntries = b.conditionalCacheEntries;
  }

  /** The defaults: 10 s connect, 30 s read, 60 s call, 4 attempts, no static rate limit. */
  public static HttpSettings ofDefaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}, to override single values. */
  public static Builder from(HttpSettings base) {
    return new Builder(requireNonNull(base, "base"));
  }

  public Duration connectTimeout() { return connectTimeout; }
  public Duration readTimeout() { return readTimeout; }
  public Duration callTimeout() { return callTimeout; }
  public String userAgent() { return userAgent; }
  public int maxAttempts() { return maxAttempts; }
  public Duration baseDelay() { return baseDelay; }
  public Duration maxDelay() { return maxDelay; }
  public Duration maxRetryAfter() { return maxRetryAfter; }
  public double retryBudgetRatio() { return retryBudgetRatio; }
  public int retryBudgetMinimum() { return retryBudgetMinimum; }
  public int requestsPerPeriod() { return requestsPerPeriod; }
  public Duration ratePeriod() { return ratePeriod; }
  public Duration maxWaitForPermit() { return maxWaitForPermit; }
  public boolean adaptiveRateLimit() { return adaptiveRateLimit; }
  public int maxConcurrentCalls() { return maxConcurrentCalls; }
  public Duration maxWaitForConcurrency() { return maxWaitForConcurrency; }
  public int circuitFailureThreshold() { return circuitFailureThreshold; }
  public Duration circuitOpenDuration() { return circuitOpenDuration; }
  public int circuitHalfOpenCalls() { return circuitHalfOpenCalls; }
  public int conditionalCacheEntries() { return conditionalCacheEntries; }

  /**
   * Builds {@link HttpSettings}. A setter given a bad value keeps the earlier one and records the
   * problem, quoting the value; {@link #build()} reports them all together.
   */
  public static final class Builder {
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration callTimeout = Duration.ofSeconds(60);
    private String userAgent = "integration-agent/0.1";
    private int maxAttempts = 4;
    private Duration baseDelay = Duration.ofMillis(500);
    private Duration maxDelay = Duration.ofSeconds(30);
    private Duration maxRetryAfter = Duration.ofSeconds(30);
    private double retryBudgetRatio = 0.2;
    private int retryBudgetMinimum = 10;
    private int requestsPerPeriod = 0;
    private Duration ratePeriod = Duration.ofSeconds(1);
    private Duration maxWaitForPermit = Duration.ofSeconds(30);
    private boolean adaptiveRateLimit = true;
    private int maxConcurrentCalls = 16;
    private Duration maxWaitForConcurrency = Duration.ofSeconds(60);
    private int circuitFailureThreshold = 5;
    private Duration circuitOpenDuration = Duration.ofSeconds(30);
    private int circuitHalfOpenCalls = 1;
    private int conditionalCacheEntries = 256;
    private final SettingProblems problems = new SettingProblems();

    private Builder() {}

    private Builder(HttpSettings s) {
      connectTimeout = s.connectTimeout;
      readTimeout = s.readTimeout;
      callTimeout = s.callTimeout;
      userAgent = s.userAgent;
      maxAttempts = s.maxAttempts;
      baseDelay = s.baseDelay;
      maxDelay = s.maxDelay;
      maxRetryAfter = s.maxRetryAfter;
      retryBudgetRatio = s.retryBudgetRatio;
      retryBudgetMinimum = s.retryBudgetMinimum;
      requestsPerPeriod = s.requestsPerPeriod;
      ratePeriod = s.ratePeriod;
      maxWaitForPermit = s.maxWaitForPermit;
      adaptiveRateLimit = s.adaptiveRateLimit;
      maxConcurrentCalls = s.maxConcurrentCalls;
      maxWaitForConcurrency = s.maxWaitForConcurrency;
      circuitFailureThreshold = s.circuitFailureThreshold;
      circuitOpenDuration = s.circuitOpenDuration;
      circuitHalfOpenCalls = s.circuitHalfOpenCalls;
      conditionalCacheEntries = s.conditionalCacheEntries;
    }

    /** Time to establish a connection. */
    public Builder connectTimeout(Duration value) {
      connectTimeout = problems.check("connectTimeout",
          () -> Arguments.positive("connectTimeout", value), connectTimeout);
      return this;
    }

    /** Longest silence while reading a response. */
    public Builder readTimeout(Duration value) {
      readTimeout = problems.check("readTimeout", () -> Arguments.positive("readTimeout", value), readTimeout);
      return this;
    }

    /** Budget of one whole call including its retries and waits. */
    public Builder callTimeout(Duration value) {
      callTimeout = problems.check("callTimeout", () -> Arguments.positive("callTimeout", value), callTimeout);
      return this;
    }

    /** The {@code User-Agent} header. */
    public Builder userAgent(String value) {
      userAgent = problems.check("userAgent", () -> {
        if (requireNonNull(value, "userAgent").isBlank()) {
          throw new IllegalArgumentException("must not be blank but was '" + value + "'");
        }
        return value;
      }, userAgent);
      return this;
    }

    /** Attempts per call including the first; 1 disables retries. */
    public Builder maxAttempts(int value) {
      maxAttempts = problems.check("maxAttempts", () -> Arguments.atLeast("maxAttempts", value, 1), maxAttempts);
      return this;
    }

    /** First backoff ceiling; the n-th retry waits a random time up to {@code base * 2^(n-1)}. */
    public Builder baseDelay(Duration value) {
      baseDelay = problems.check("baseDelay", () -> Arguments.positive("baseDelay", value), baseDelay);
      return this;
    }

    /** Cap of the backoff ceiling. */
    public Builder maxDelay(Duration value) {
      maxDelay = problems.check("maxDelay", () -> Arguments.positive("maxDelay", value), maxDelay);
      return this;
    }

    /** Longest {@code Retry-After} the pipeline waits for; a longer one fails the call at once. */
    public Builder maxRetryAfter(Duration value) {
      maxRetryAfter = problems.check("maxRetryAfter",
          () -> Arguments.positive("maxRetryAfter", value), maxRetryAfter);
      return this;
    }

    /**
     * The retry budget: each call earns {@code ratio} retries, on top of {@code minimum} kept in
     * reserve; when the budget is spent, failures are not retried, which stops retry storms.
     */
    public Builder retryBudget(double ratio, int minimum) {
      problems.clear("retryBudget");
      if (!(ratio >= 0 && ratio <= 1)) {
        problems.record("retryBudget", "the ratio must be in [0, 1] but was " + ratio);
      } else if (minimum < 0) {
        problems.record("retryBudget", "the minimum must be at least 0 but was " + minimum);
      } else {
        retryBudgetMinimum = minimum;
        retryBudgetRatio = ratio;
      }
      return this;
    }

    /** A static limit of {@code requests} per {@code period}; 0 requests means none. */
    public Builder rateLimit(int requests, Duration period) {
      problems.clear("rateLimit");
      if (requests < 0) {
        problems.record("rateLimit", "the number of requests must be at least 0 but was " + requests);
      } else if (period == null) {
        problems.record("rateLimit", "the period is " + SettingProblems.missing());
      } else if (period.isNegative() || period.isZero()) {
        problems.record("rateLimit", "the period must be positive but was " + period);
      } else {
        requestsPerPeriod = requests;
        ratePeriod = period;
      }
      return this;
    }

    /** Longest wait for a rate-limit permit before the call fails as RATE_LIMITED. */
    public Builder maxWaitForPermit(Duration value) {
      maxWaitForPermit = problems.check("maxWaitForPermit",
          () -> Arguments.notNegative("maxWaitForPermit", value), maxWaitForPermit);
      return this;
    }

    /** Whether to pace calls by the vendor's remaining/reset headers. */
    public Builder adaptiveRateLimit(boolean value) {
      adaptiveRateLimit = value;
      return this;
    }

    /** Concurrent calls on this connection; GitHub asks for 1. */
    public Builder maxConcurrentCalls(int value) {
      maxConcurrentCalls = problems.check("maxConcurrentCalls",
          () -> Arguments.atLeast("maxConcurrentCalls", value, 1), maxConcurrentCalls);
      return this;
    }

    /** Longest wait for a free concurrency slot. */
    public Builder maxWaitForConcurrency(Duration value) {
      maxWaitForConcurrency = problems.check("maxWaitForConcurrency",
          () -> Arguments.notNegative("maxWaitForConcurrency", value), maxWaitForConcurrency);
      return this;
    }

    /** Transient failures in a row that open the circuit. */
    public Builder circuitFailureThreshold(int value) {
      circuitFailureThreshold = problems.check("circuitFailureThreshold",
          () -> Arguments.atLeast("circuitFailureThreshold", value, 1), circuitFailureThreshold);
      return this;
    }

    /** How long an open circuit fails fast before letting trial calls through. */
    public Builder circuitOpenDuration(Duration value) {
      circuitOpenDuration = problems.check("circuitOpenDuration",
          () -> Arguments.positive("circuitOpenDuration", value), circuitOpenDuration);
      return this;
    }

    /** Trial calls in the half-open state; all must succeed to close the circuit. */
    public Builder circuitHalfOpenCalls(int value) {
      circuitHalfOpenCalls = problems.check("circuitHalfOpenCalls",
          () -> Arguments.atLeast("circuitHalfOpenCalls", value, 1), circuitHalfOpenCalls);
      return this;
    }

    /** GET responses kept for conditional requests; 0 disables the cache. */
    public Builder conditionalCacheEntries(int value) {
      conditionalCacheEntries = problems.check("conditionalCacheEntries",
          () -> Arguments.atLeast("conditionalCacheEntries", value, 0), conditionalCacheEntries);
      return this;
    }

    /**
     * The settings.
     *
     * @throws dev.integrationagent.api.ConfigurationException listing every setter given a bad
     *     value, each by name and quoting the value
     */
    public HttpSettings build() {
      List<String> all = problems.list();
      if (maxDelay.compareTo(baseDelay) < 0) {
        all.add("maxDelay: must be at least baseDelay (" + baseDelay + ") but was " + maxDelay);
      }
      if (!all.isEmpty()) {
        throw new ConfigurationException("invalid HTTP settings", all);
      }
      return new HttpSettings(this);
    }
  }
}
