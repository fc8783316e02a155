package dev.integrationagent.http;

/**
 * Stops retry storms: every call deposits {@code ratio} of a retry, every retry withdraws one,
 * and {@code minimum} retries are always in reserve at start. When a tool is down for long, the
 * pipeline then retries about {@code ratio} of its calls instead of multiplying its load.
 */
final class RetryBudget {
  private final double ratio;
  private final double max;
  private double balance;

  RetryBudget(double ratio, int minimum) {
    this.ratio = ratio;
    this.max = Math.max(minimum, 1) * 2.0;
    this.balance = minimum;
  }

  synchronized void deposit() {
    balance = Math.min(max, balance + ratio);
  }

  synchronized boolean tryWithdraw() {
    if (balance >= 1) {
      balance -= 1;
      return true;
    }
    return false;
  }
}
