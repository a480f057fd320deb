package org.attune.loadtest.abuse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Asks the server's {@code /healthz} twice a second and counts the answers that were not 200 (or
 * did not come within a second), keeping what went wrong with the first {@value #KEPT} of them (the
 * status and the server's problems, or the client's exception), so that a failed check can be told
 * from a slow load generator.
 *
 * <p>Thread-safe: yes.
 */
final class HealthWatch {

  /** Failed checks whose reason is kept. */
  static final int KEPT = 20;

  private final URI health;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final LongAdder asked = new LongAdder();
  private final LongAdder unhealthy = new LongAdder();
  private final List<String> failures = new ArrayList<>();
  private volatile boolean running;
  private volatile long startNanos;
  private Thread thread;

  HealthWatch(int httpPort) {
    this.health = URI.create("http://127.0.0.1:" + httpPort + "/healthz");
  }

  /** Starts asking, with counts from zero (the HTTP client stays, warm, from a watch before). */
  void start() {
    asked.reset();
    unhealthy.reset();
    synchronized (this) {
      failures.clear();
    }
    running = true;
    startNanos = System.nanoTime();
    thread =
        new Thread(
            () -> {
              while (running) {
                long asking = System.nanoTime();
                Optional<String> failure = problem();
                if (failure.isPresent()) {
                  unhealthy.increment();
                  keep(asking, failure.get());
                }
                asked.increment();
                AttackThreads.pause(500);
              }
            },
            "health-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** One question: true if {@code /healthz} answered 200 within a second. */
  boolean healthyNow() {
    return problem().isEmpty();
  }

  /** One question: what was wrong with the answer, or empty if it was 200 within a second. */
  Optional<String> problem() {
    long asked = System.nanoTime();
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(1)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return Optional.empty();
      }
      return Optional.of(
          String.format(
              Locale.ROOT,
              "%d after %d ms: %s",
              r.statusCode(),
              (System.nanoTime() - asked) / 1_000_000,
              r.body().strip()));
    } catch (HttpTimeoutException e) {
      return Optional.of(
          String.format(
              Locale.ROOT, "no answer within a second (%s)", e.getClass().getSimpleName()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    } catch (Exception e) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "%s after %d ms: %s",
              e.getClass().getSimpleName(),
              (System.nanoTime() - asked) / 1_000_000,
              e.getMessage()));
    }
  }

  private synchronized void keep(long askedNanos, String failure) {
    if (failures.size() < KEPT) {
      failures.add(
          String.format(Locale.ROOT, "at %.1f s: %s", (askedNanos - startNanos) / 1e9, failure));
    }
  }

  void stop() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join(3_000);
    }
  }

  long asked() {
    return asked.sum();
  }

  long unhealthy() {
    return unhealthy.sum();
  }

  /** The first failed checks: when (seconds since the watch started) and what was wrong. */
  synchronized List<String> failures() {
    return List.copyOf(failures);
  }
}
