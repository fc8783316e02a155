package dev.integrationagent.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A scheduler that runs nothing by itself: a test decides when scheduled tasks run, so schedules
 * are tested without waiting. Give it to {@code IntegrationAgent.builder().scheduler(...)}, call
 * {@code agent.start()}, then {@link #runScheduled()} whenever the test's {@link FakeClock} says a
 * period has passed. Tasks submitted for immediate execution run on the caller's thread.
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
  private final List<Task> tasks = new ArrayList<>();
  private volatile boolean shutdown;

  /** Runs every scheduled task that is not cancelled once, in the order scheduled; returns how many ran. */
  public int runScheduled() {
    List<Task> due;
    synchronized (this) {
      due = tasks.stream().filter(t -> !t.isCancelled()).toList();
    }
    due.forEach(t -> t.command.run());
    return due.size();
  }

  /** Scheduled tasks that are not cancelled. */
  public synchronized int scheduledCount() {
    return (int) tasks.stream().filter(t -> !t.isCancelled()).count();
  }

  private synchronized ScheduledFuture<?> add(Runnable command) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("the manual scheduler is shut down");
    }
    Task task = new Task(command);
    tasks.add(task);
    return task;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(command);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("ManualScheduler runs Runnables only");
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    return add(command);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return add(command);
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

  /** A periodic task; it has no delay of its own because the test decides when it runs. */
  private static final class Task implements ScheduledFuture<Object> {
    final Runnable command;
    private final CompletableFuture<Object> state = new CompletableFuture<>();

    Task(Runnable command) {
      this.command = command;
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
    public Object get() throws InterruptedException, ExecutionException {
      return state.get();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
      return state.get(timeout, unit);
    }
  }
}
