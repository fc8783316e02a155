package dev.integrationagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {
  private final ManualScheduler scheduler = new ManualScheduler();

  @Test
  void periodicTasksRunEachTimeOneShotTasksOnceWithTheirResult() throws Exception {
    AtomicInteger periodic = new AtomicInteger();
    AtomicInteger once = new AtomicInteger();
    scheduler.scheduleWithFixedDelay(periodic::incrementAndGet, 0, 1, TimeUnit.MINUTES);
    scheduler.schedule(once::incrementAndGet, 5, TimeUnit.SECONDS);
    ScheduledFuture<String> answer = scheduler.schedule(() -> "done", 1, TimeUnit.SECONDS);

    assertThat(answer.isDone()).isFalse();
    assertThat(scheduler.runScheduled()).isEqualTo(3);
    assertThat(scheduler.runScheduled()).isEqualTo(1);

    assertThat(periodic).hasValue(2);
    assertThat(once).hasValue(1);
    assertThat(answer.get()).isEqualTo("done");
    assertThat(scheduler.scheduledCount()).isEqualTo(1);
  }

  @Test
  void aFailingPeriodicTaskStopsAndReportsItsFailure() {
    AtomicInteger runs = new AtomicInteger();
    ScheduledFuture<?> failing = scheduler.scheduleAtFixedRate(() -> {
      runs.incrementAndGet();
      throw new IllegalStateException("boom");
    }, 0, 1, TimeUnit.MINUTES);

    scheduler.runScheduled();
    scheduler.runScheduled();

    assertThat(runs).hasValue(1);
    assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("boom");
  }

  @Test
  void cancelledTasksDoNotRunAndAShutDownSchedulerTakesNoMore() {
    AtomicInteger runs = new AtomicInteger();
    scheduler.scheduleWithFixedDelay(runs::incrementAndGet, 0, 1, TimeUnit.MINUTES).cancel(false);

    assertThat(scheduler.runScheduled()).isZero();
    scheduler.shutdownNow();
    assertThatThrownBy(() -> scheduler.schedule(runs::incrementAndGet, 1, TimeUnit.SECONDS))
        .isInstanceOf(RejectedExecutionException.class);
    assertThat(runs).hasValue(0);
  }
}
