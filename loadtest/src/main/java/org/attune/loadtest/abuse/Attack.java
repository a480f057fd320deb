package org.attune.loadtest.abuse;

/**
 * One kind of attack on the server, run on threads of its own from {@link #start} until {@link
 * #stop}, bounded in connections and rate.
 *
 * <p>Thread-safe: start and stop from one thread; {@link #summary} after stop.
 */
interface Attack {

  /** A short name for the report, e.g. "half frames". */
  String name();

  void start();

  /** Stops every thread and closes every socket; returns within a few seconds. */
  void stop() throws InterruptedException;

  /** What it did, in one line: what it sent and how the server answered. */
  String summary();
}
