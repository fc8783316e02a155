package dev.integrationagent.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A scheduler that runs nothing by itself: a test decides when scheduled tasks run, so schedules
 * are tested without waiting. Give it to {@code IntegrationAgent.builder().scheduler(...)}, call
 * {@code agent.start()}, then {@link #runScheduled()} whenever the test's {@link FakeClock} says a
 * period has passed. One-shot tasks run on the next {@code runScheduled()}; tasks submitted for
 * immediate execution run on the caller's thread.
 *
 * <pre>{@code
 * ManualScheduler scheduler = new ManualScheduler();
 * agent = IntegrationAgent.builder().clock(clock).scheduler(scheduler)...build();
 * agent.start();
 * scheduler.runScheduled();          // every periodic task once
 * clock.advance(Duration.ofMinutes(5));
 * scheduler.runScheduled();
 * }</pre>
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final List<Task<?>> tasks = new ArrayList<>();
  private volatile boolean shutdown;

  /**
   * Runs every task that is due once, in the order scheduled: each periodic task that is not
   * cancelled, and each one-shot task not run yet (which then completes with its result).
   * A periodic task that throws is not run again, as with the JDK's schedulers. Returns how
   * many ran.
   */
  public int runScheduled() {
    List<Task<?>> due;
    synchronized (this) {
      due = tasks.stream().filter(t -> !t.isDone()).toList();
      tasks.removeIf(t -> !t.periodic);
    }
    due.forEach(Task::run);
    return due.size();
  }

  /** Tasks that would run on the next {@link #runScheduled()}. */
  public synchronized int scheduledCount() {
    return (int) tasks.stream().filter(t -> !t.isDone()).count();
  }

  private synchronized <V> ScheduledFuture<V> add(Callable<V> command, boolean periodic) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("the manual scheduler is shut down");
    }
    Task<V> task = new Task<>(command, periodic);
    tasks.add(task);
    return task;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(Executors.callable(command), false);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return add(callable, false);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    return add(Executors.callable(command), true);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return add(Executors.callable(command), true);
  }

  @Override
  public void execute(Runnable command) {
    command.run();
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    synchronized (this) {
      tasks.forEach(t -> t.cancel(false));
    }
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return shutdown;
  }

  /** A scheduled task; it has no delay of its own because the test decides when it runs. */
  private static final class Task<V> implements ScheduledFuture<V> {
    final boolean periodic;
    private final Callable<V> command;
    private final CompletableFuture<V> state = new CompletableFuture<>();

    Task(Callable<V> command, boolean periodic) {
      this.command = command;
      this.periodic = periodic;
    }

    void run() {
      try {
        V result = command.call();
        if (!periodic) {
          state.complete(result);
        }
      } catch (Exception | Error e) {
        state.completeExceptionally(e);
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return state.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
      return state.isCancelled();
    }

    @Override
    public boolean isDone() {
      return state.isDone();
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
      return state.get();
    }

    @Override
    public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
      return state.get(timeout, unit);
    }
  }
}
