package dev.integrationagent.http;

import static dev.integrationagent.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.Auth;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final FakeClock clock = new FakeClock();
  final RecordingSleeper sleeper = new RecordingSleeper(clock);

  /** Behaves like GitHub: a budget per window, announced on every response, 403 beyond it. */
  final class GitHubBudget extends Dispatcher {
    final int perWindow;
    final Duration window;
    Instant windowEnd;
    int used;
    int overLimit;
    final List<Instant> servedAt = new ArrayList<>();

    GitHubBudget(int perWindow, Duration window) {
      this.perWindow = perWindow;
      this.window = window;
      this.windowEnd = clock.instant().plus(window).truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
      Instant now = clock.instant();
      if (!now.isBefore(windowEnd)) {
        windowEnd = now.plus(window).truncatedTo(ChronoUnit.SECONDS); // headers carry epoch seconds
        used = 0;
      }
      MockResponse.Builder response;
      if (used >= perWindow) {
        overLimit++;
        response = Fixtures.jsonBuilder(403, "{\"message\":\"API rate limit exceeded\"}");
      } else {
        used++;
        servedAt.add(now);
        response = Fixtures.jsonBuilder(200, "{}");
      }
      return response.addHeader("x-ratelimit-limit", perWindow)
          .addHeader("x-ratelimit-remaining", perWindow - used)
          .addHeader("x-ratelimit-reset", windowEnd.getEpochSecond())
          .build();
    }
  }

  @Test
  void adaptiveLimiterNeverExceedsTheAnnouncedBudget() {
    GitHubBudget github = new GitHubBudget(5, Duration.ofSeconds(60));
    server.setDispatcher(github);
    HttpPipeline pipeline = Fixtures.pipeline(server, clock, sleeper)
        .settings(HttpSettings.custom().maxAttempts(1).maxWaitForPermit(Duration.ofMinutes(5)).build())
        .build();

    for (int i = 0; i < 17; i++) {
      pipeline.get("/user", Map.of());
    }

    assertThat(github.overLimit).isZero();
    assertThat(github.servedAt).hasSize(17);
    // at most 5 calls in any window of 60 s
    for (Instant start : github.servedAt) {
      long inWindow = github.servedAt.stream()
          .filter(t -> !t.isBefore(start) && t.isBefore(start.plusSeconds(60))).count();
      assertThat(inWindow).isLessThanOrEqualTo(5);
    }
    assertThat(sleeper.total()).isGreaterThanOrEqualTo(Duration.ofSeconds(180));
  }

  @Test
  void concurrentCallersTogetherStayWithinTheAnnouncedBudget() throws Exception {
    GitHubBudget github = new GitHubBudget(10, Duration.ofSeconds(60));
    server.setDispatcher(github);
    HttpPipeline pipeline = Fixtures.pipeline(server, clock, sleeper)
        .settings(HttpSettings.custom().maxAttempts(1).maxWaitForPermit(Duration.ofMinutes(10))
            .callTimeout(Duration.ofMinutes(30)).build())
        .build();
    pipeline.get("/user", Map.of()); // the first answer announces the budget

    ExecutorService callers = Executors.newFixedThreadPool(8);
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      calls.add(callers.submit(() -> pipeline.get("/user", Map.of())));
    }
    for (Future<?> call : calls) {
      call.get(10, TimeUnit.SECONDS);
    }
    callers.shutdown();

    assertThat(github.overLimit).isZero();
    assertThat(github.servedAt).hasSize(25);
  }

  @Test
  void lowRemainingBudgetIsSpreadOverTheWindow() {
    AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(clock);
    limiter.observe(200, Headers.of(
        "x-ratelimit-limit", "5000", "x-ratelimit-remaining", "4",
        "x-ratelimit-reset", Long.toString(clock.instant().plusSeconds(40).getEpochSecond())));

    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      waits.add(limiter.reserve());
    }

    // 4 left for 40 s: one every 10 s rather than all at once and then a wall
    assertThat(waits).containsExactly(
        Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30));
    assertThat(limiter.reserve()).isEqualTo(Duration.ofSeconds(41)); // the reset plus a second
  }

  @Test
  void plentyOfBudgetIsNotPaced() {
    AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(clock);
    limiter.observe(200, Headers.of("x-ratelimit-limit", "5000", "x-ratelimit-remaining", "4000",
        "x-ratelimit-reset", Long.toString(clock.instant().plusSeconds(3000).getEpochSecond())));

    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isZero();
  }

  @Test
  void theToolsOwnCountWinsOverOurs() {
    // a token-bucket tool refills as fast as we spend: we must not drift into pacing on our own
    AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(clock);
    Headers steady = Headers.of("x-ratelimit-limit", "5000", "x-ratelimit-remaining", "4999",
        "x-ratelimit-reset", Long.toString(clock.instant().plusSeconds(3600).getEpochSecond()));

    for (int i = 0; i < 10_000; i++) {
      assertThat(limiter.reserve()).isZero();
      limiter.observe(200, steady);
      limiter.release();
    }
  }

  @Test
  void readsTheHeadersOfJiraLinearAndGitLab() {
    Instant reset = clock.instant().plusSeconds(20);
    Headers jira = Headers.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset.toString());
    Headers linear = Headers.of("X-RateLimit-Requests-Remaining", "0",
        "X-RateLimit-Requests-Reset", Long.toString(reset.toEpochMilli()));
    Headers gitlab = Headers.of("RateLimit-Remaining", "0", "RateLimit-Reset", Long.toString(reset.getEpochSecond()));

    for (Headers headers : List.of(jira, linear, gitlab)) {
      AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(clock);
      limiter.observe(200, headers);
      assertThat(limiter.reserve()).as(headers.toString()).isEqualTo(Duration.ofSeconds(21));
    }
  }

  @Test
  void anAnswerAboutAnOlderWindowIsIgnored() {
    AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(clock);
    Instant older = clock.instant().plusSeconds(10);
    Instant newer = clock.instant().plusSeconds(70);
    limiter.observe(200, Headers.of("x-ratelimit-remaining", "3000",
        "x-ratelimit-reset", Long.toString(newer.getEpochSecond())));
    limiter.observe(403, Headers.of("x-ratelimit-remaining", "0",
        "x-ratelimit-reset", Long.toString(older.getEpochSecond())));

    assertThat(limiter.reserve()).isZero();
  }

  @Test
  void a429WithRetryAfterHoldsBackEveryCaller() {
    AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(clock);
    limiter.observe(429, Headers.of("Retry-After", "12"));

    assertThat(limiter.reserve()).isEqualTo(Duration.ofSeconds(12));
    clock.advance(Duration.ofSeconds(12));
    assertThat(limiter.reserve()).isZero();
  }

  @Test
  void staticLimitSpacesCallsOutWithoutSleeping() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return json(200, "{}");
      }
    });
    HttpPipeline pipeline = Fixtures.pipeline(server, clock, sleeper)
        .rateLimit(2, Duration.ofSeconds(1))
        .build();

    for (int i = 0; i < 6; i++) {
      pipeline.get("/x", Map.of());
    }

    // 2 per second: the 6 calls need 3 periods, so at least 2 s of (fake) waiting
    assertThat(sleeper.total()).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void pipelinesWithTheSameCredentialShareOneBudget() {
    long reset = clock.instant().plusSeconds(20).getEpochSecond();
    server.enqueue(Fixtures.jsonBuilder(200, "{}")
        .addHeader("x-ratelimit-remaining", "0").addHeader("x-ratelimit-reset", reset).build());
    server.enqueue(json(200, "{}"));
    HttpClients http = HttpClients.wrap(Fixtures.SHARED);
    HttpPipeline issues = HttpPipeline.builder(http).connectionId("github-issues")
        .baseUrl(server.url("/").toString()).auth(Auth.bearer(Fixtures.PLANTED_SECRET))
        .clock(clock).sleeper(sleeper).build();
    HttpPipeline projects = HttpPipeline.builder(http).connectionId("github-projects")
        .baseUrl(server.url("/").toString()).auth(Auth.bearer(Fixtures.PLANTED_SECRET))
        .clock(clock).sleeper(sleeper).build();

    issues.get("/issues", Map.of());
    projects.get("/projects", Map.of());

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(21)); // the reset plus a second
  }

  @Test
  void maxConcurrentCallsKeepsGitHubCallsSerial() throws Exception {
    int[] inFlight = new int[1];
    int[] maxInFlight = new int[1];
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        synchronized (inFlight) {
          inFlight[0]++;
          maxInFlight[0] = Math.max(maxInFlight[0], inFlight[0]);
        }
        Thread.sleep(20); // hold the call open so that overlapping callers would show
        synchronized (inFlight) {
          inFlight[0]--;
        }
        return json(200, "{}");
      }
    });
    HttpPipeline pipeline = Fixtures.pipeline(server, clock, sleeper).maxConcurrentCalls(1).build();

    ExecutorService callers = Executors.newFixedThreadPool(4);
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(callers.submit(() -> pipeline.get("/x", Map.of())));
    }
    for (Future<?> call : calls) {
      call.get(10, TimeUnit.SECONDS);
    }
    callers.shutdown();

    assertThat(server.getRequestCount()).isEqualTo(4);
    assertThat(maxInFlight[0]).isEqualTo(1);
  }
}
