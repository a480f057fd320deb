package org.attune.client;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Virtual time for tests (after grpc-java's {@code FakeClock}): a nanosecond clock that moves only
 * when told, and a scheduled executor whose tasks run on the test's thread as time passes over
 * them, each at exactly its due time.
 *
 * <p>Thread-safe: no; one test thread.
 */
final class FakeClock extends AbstractExecutorService implements ScheduledExecutorService {

  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long nanos;
  private long submitted;
  private boolean shutdown;

  FakeClock(long startNanos) {
    this.nanos = startNanos;
  }

  long nanoTime() {
    return nanos;
  }

  /** Moves time forward by {@code amount}, running every task due on the way at its due time. */
  void forward(long amount, TimeUnit unit) {
    forwardTo(nanos + unit.toNanos(amount));
  }

  /** Moves time to {@code target} nanoseconds, running due tasks on the way. */
  void forwardTo(long target) {
    while (!queue.isEmpty() && queue.peek().dueNanos - target <= 0) {
      Task task = queue.poll();
      nanos = Math.max(nanos, task.dueNanos);
      task.run();
    }
    nanos = Math.max(nanos, target);
  }

  /** Runs the tasks due now (those submitted with {@code execute}). */
  void runDueTasks() {
    forwardTo(nanos);
  }

  /** Tasks waiting, cancelled ones excluded. */
  int pendingTasks() {
    return (int) queue.stream().filter(t -> !t.cancelled).count();
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("shut down");
    }
    Task task = new Task(command, nanos + unit.toNanos(Math.max(0, delay)), submitted++);
    queue.add(task);
    return task;
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("not used by the code under test");
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("not used by the code under test");
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("not used by the code under test");
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>();
    queue.forEach(t -> left.add(t.command));
    queue.clear();
    return left;
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown && queue.isEmpty();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  private final class Task implements ScheduledFuture<Object>, Runnable {
    private final Runnable command;
    private final long dueNanos;
    private final long order;
    private boolean cancelled;
    private boolean done;

    Task(Runnable command, long dueNanos, long order) {
      this.command = command;
      this.dueNanos = dueNanos;
      this.order = order;
    }

    @Override
    public void run() {
      if (!cancelled) {
        done = true;
        command.run();
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      Task that = (Task) other;
      int byTime = Long.signum(dueNanos - that.dueNanos);
      return byTime != 0 ? byTime : Long.compare(order, that.order);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      if (done) {
        return false;
      }
      cancelled = true;
      queue.remove(this);
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done || cancelled;
    }

    @Override
    public Object get() {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
    }
  }
}
