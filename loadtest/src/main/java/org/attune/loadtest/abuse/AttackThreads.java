package org.attune.loadtest.abuse;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The threads and sockets of one attack: each worker loops until stopped; stopping closes every
 * socket registered (which unblocks a worker stuck in a write) and joins the threads.
 *
 * <p>Thread-safe: yes.
 */
final class AttackThreads {

  /** One worker's loop body, run until the attack stops or it throws. */
  interface Body {
    void run() throws Exception;
  }

  private final String name;
  private final List<Thread> threads = new ArrayList<>();
  private final List<Closeable> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean running = true;

  AttackThreads(String name) {
    this.name = name;
  }

  boolean running() {
    return running;
  }

  /** Keeps {@code socket} to close on stop; returns it. */
  <T extends Closeable> T keep(T socket) {
    sockets.add(socket);
    return socket;
  }

  void forget(Closeable socket) {
    sockets.remove(socket);
    closeQuietly(socket);
  }

  /** Starts a worker that runs {@code body} again and again while running. */
  void loop(Body body) {
    Thread t =
        new Thread(
            () -> {
              while (running) {
                try {
                  body.run();
                } catch (Exception e) {
                  pause(50);
                }
              }
            },
            name + "-" + threads.size());
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  void stop() throws InterruptedException {
    running = false;
    for (Closeable s : sockets) {
      closeQuietly(s);
    }
    for (Thread t : threads) {
      t.join(5_000);
    }
    sockets.clear();
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // Closing is all that is left to do.
    }
  }
}
