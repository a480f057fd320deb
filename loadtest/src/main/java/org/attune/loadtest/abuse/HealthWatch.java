package org.attune.loadtest.abuse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Asks the server's {@code /healthz} twice a second and counts the answers that were not 200 (or
 * did not come within a second).
 *
 * <p>Thread-safe: yes.
 */
final class HealthWatch {

  private final URI health;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final LongAdder asked = new LongAdder();
  private final LongAdder unhealthy = new LongAdder();
  private volatile boolean running;
  private Thread thread;

  HealthWatch(int httpPort) {
    this.health = URI.create("http://127.0.0.1:" + httpPort + "/healthz");
  }

  void start() {
    running = true;
    thread =
        new Thread(
            () -> {
              while (running) {
                if (!healthyNow()) {
                  unhealthy.increment();
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
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(1)).build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (Exception e) {
      return false;
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
}
