package dev.integrationagent.api.sync;

/** One of the two connections of a plan: {@code A} is the first named in {@code SyncPlan.between(a, b)}. */
public enum Side {
  A,
  B;

  public Side other() {
    return this == A ? B : A;
  }
}
