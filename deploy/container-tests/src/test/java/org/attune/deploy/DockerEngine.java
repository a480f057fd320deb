package org.attune.deploy;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Whether these tests can reach a Docker engine. Where none runs they are skipped with a message
 * that says so, never passed; in CI ({@code CI=true}) a missing engine fails them instead, since
 * {@code .ci/run} starts one.
 */
final class DockerEngine {

  private DockerEngine() {}

  /** Returns when an engine answers; otherwise aborts the test, or fails it in CI. */
  static void require() {
    boolean available;
    Throwable why = null;
    try {
      available = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      available = false;
      why = e;
    }
    if (available) {
      return;
    }
    String message =
        "no Docker engine answers (start one: dockerd --bridge=none --iptables=false"
            + " --ip-masq=false, as .ci/run does), so the server image cannot be tested";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI: " + message, why);
    }
    Assumptions.abort("SKIPPED: " + message);
  }
}
