package dev.integrationagent.chaos;

import dev.integrationagent.testkit.ChildJvm;
import java.util.Random;
import java.util.function.IntFunction;
import javax.annotation.Nullable;

/**
 * Keeps one agent JVM running and kills it with {@code kill -9} at seeded random moments, and
 * sometimes right after a proxy forwarded one of its writes (before the answer goes back); every
 * kill is followed by a restart on the same data folder, until {@link #stop}.
 */
final class Killer implements Runnable {
  private final Random random;
  private final IntFunction<ChildJvm> starter;
  private final long minMillis;
  private final long maxMillis;
  private final double hookProbability;
  private @Nullable ChildJvm current;
  private volatile boolean stopping;
  private boolean killedByHook;
  private int started;
  private int timedKills;
  private int hookKills;
  private int exits;

  Killer(long seed, IntFunction<ChildJvm> starter, long minMillis, long maxMillis, double hookProbability) {
    this.random = new Random(seed * 17 + 3);
    this.starter = starter;
    this.minMillis = minMillis;
    this.maxMillis = Math.max(minMillis, maxMillis);
    this.hookProbability = hookProbability;
  }

  @Override
  public void run() {
    while (!stopping) {
      ChildJvm agent;
      long wait;
      synchronized (this) {
        agent = starter.apply(++started);
        current = agent;
        killedByHook = false;
        wait = minMillis + (long) (random.nextDouble() * (maxMillis - minMillis));
      }
      long deadline = System.currentTimeMillis() + wait;
      while (!stopping && agent.isAlive() && System.currentTimeMillis() < deadline) {
        pause(50);
      }
      synchronized (this) {
        if (agent.isAlive()) {
          agent.kill();
          if (!stopping) {
            timedKills++;
          }
        } else if (!killedByHook) {
          exits++; // it ended by itself: a crash of the agent, not ours
        }
        current = null;
      }
    }
  }

  /** The proxies' hook: maybe kill the agent right after a write was applied upstream. */
  synchronized boolean afterWrite() {
    ChildJvm agent = current;
    if (stopping || agent == null || !agent.isAlive() || agent.uptime().toMillis() < 2000
        || random.nextDouble() >= hookProbability) {
      return false;
    }
    agent.kill();
    killedByHook = true;
    hookKills++;
    return true;
  }

  /** Stops killing and restarting; the agent running now is killed too (not counted). */
  void stop(Thread thread) {
    stopping = true;
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (current != null) {
        current.kill();
      }
    }
  }

  synchronized String summary() {
    return "agent JVMs started " + started + ", kill -9 at random moments " + timedKills
        + ", kill -9 right after a forwarded write " + hookKills + ", agent exits on its own " + exits;
  }

  synchronized int kills() {
    return timedKills + hookKills;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
