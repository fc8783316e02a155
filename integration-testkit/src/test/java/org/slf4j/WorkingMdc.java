package org.slf4j;

import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.NOPMDCAdapter;

/**
 * The test run's logging binding (slf4j-simple) keeps no MDC; this puts SLF4J's own map-based
 * adapter in its place so that tests can read what the engine put there.
 */
public final class WorkingMdc {
  private WorkingMdc() {}

  public static synchronized void install() {
    if (MDC.getMDCAdapter() == null || MDC.getMDCAdapter() instanceof NOPMDCAdapter) {
      MDC.setMDCAdapter(new BasicMDCAdapter());
    }
  }
}
