package dev.integrationagent.chaos;

import dev.integrationagent.testkit.FakeGitHub;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;

/**
 * Runs the test kit's {@link FakeGitHub} as a process of its own, so that killing the agent never
 * takes the "remote" tool down with it. Prints one line
 * {@code FAKE_GITHUB url=http://127.0.0.1:PORT token=... repo=acme/app} and serves until its
 * standard input closes (its parent died or let go) or it is killed.
 *
 * <pre>{@code
 * java -cp <class path> dev.integrationagent.chaos.FakeGitHubMain acme/app
 * }</pre>
 */
public final class FakeGitHubMain {
  private FakeGitHubMain() {}

  public static void main(String[] args) throws IOException {
    String repository = args.length > 0 ? args[0] : "acme/app";
    try (FakeGitHub github = FakeGitHub.start(Clock.systemUTC(), repository)) {
      // the suite's person and agent together make far more calls than GitHub's 5000 an hour;
      // the fake's limit is not what is under test here
      github.rateLimit(100_000_000, 100_000_000);
      System.out.println("FAKE_GITHUB url=" + github.url().replaceAll("/$", "") + " token=" + github.token()
          + " repo=" + github.repository());
      System.out.flush();
      InputStream in = System.in;
      byte[] buffer = new byte[256];
      while (in.read(buffer) >= 0) {
        // nothing to do with input; its end is the signal to stop
      }
    }
  }
}
