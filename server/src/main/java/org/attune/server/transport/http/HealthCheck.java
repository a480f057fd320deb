package org.attune.server.transport.http;

import java.util.concurrent.CompletionStage;

/**
 * Finds out whether the server is serving, without blocking the caller.
 *
 * <p>Thread-safe: implementations may be called from any thread, and may complete on another.
 */
@FunctionalInterface
public interface HealthCheck {

  /** Starts a check; the stage completes, normally, with its outcome. */
  CompletionStage<Health> check();
}
