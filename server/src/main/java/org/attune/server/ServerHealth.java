package org.attune.server;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.attune.server.transport.http.Health;
import org.attune.server.transport.http.HealthCheck;

/**
 * Whether the server is serving: each of its ports is bound, and each of its event loops runs a
 * task within a deadline. A loop that does not (a handler that blocks, a loop that spins) stalls
 * every group and connection it owns, and an open port alone would not show it.
 *
 * <p>Thread-safe: a check sends a no-op task to every loop and completes when all have run it or
 * the deadline has passed, on whichever thread comes last; it never waits itself.
 */
final class ServerHealth implements HealthCheck {

  private final Map<String, Channel> ports;
  private final Map<String, EventLoopGroup> loopGroups;
  private final Duration deadline;

  /**
   * @param ports the bound server channels by name, e.g. {@code tcp}
   * @param loopGroups the event-loop groups by name, e.g. {@code io}
   * @param deadline how long a loop may take to run a task before it counts as stuck
   */
  ServerHealth(
      Map<String, Channel> ports, Map<String, EventLoopGroup> loopGroups, Duration deadline) {
    this.ports = new LinkedHashMap<>(ports);
    this.loopGroups = new LinkedHashMap<>(loopGroups);
    this.deadline = deadline;
  }

  @Override
  public CompletionStage<Health> check() {
    List<String> problems = new ArrayList<>();
    ports.forEach(
        (name, channel) -> {
          if (!channel.isActive()) {
            problems.add("The " + name + " port is not bound.");
          }
        });
    Map<String, CompletableFuture<Void>> answers = new LinkedHashMap<>();
    loopGroups.forEach(
        (name, group) -> {
          int i = 0;
          for (EventExecutor loop : group) {
            String loopName = name + " loop " + (++i);
            CompletableFuture<Void> answered = new CompletableFuture<>();
            answers.put(loopName, answered);
            if (loop.isShuttingDown()) {
              problems.add("The " + loopName + " is shut down.");
              answered.complete(null);
              continue;
            }
            try {
              loop.execute(() -> answered.complete(null));
            } catch (RejectedExecutionException e) {
              problems.add("The " + loopName + " is shut down.");
              answered.complete(null);
            }
          }
        });
    return CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new))
        .completeOnTimeout(null, deadline.toNanos(), TimeUnit.NANOSECONDS)
        .thenApply(
            ignored -> {
              answers.forEach(
                  (loopName, answered) -> {
                    if (!answered.isDone()) {
                      problems.add(
                          "The "
                              + loopName
                              + " did not run a task within "
                              + deadline.toMillis()
                              + " ms.");
                    }
                  });
              return new Health(problems);
            });
  }
}
