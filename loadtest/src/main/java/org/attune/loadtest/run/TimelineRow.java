package org.attune.loadtest.run;

/**
 * One second of a run, for the throughput-over-time plot.
 *
 * @param second seconds since members started playing
 * @param measured false during the warm-up
 * @param sentPerSecond gestures sent in this second
 * @param receivedPerSecond gestures that arrived in this second (fan-out included)
 * @param fanOutP99Micros fan-out latency p99 of this second
 * @param serverCores CPU the server used in this second, in cores
 */
public record TimelineRow(
    int second,
    boolean measured,
    long sentPerSecond,
    long receivedPerSecond,
    double fanOutP99Micros,
    double serverCores) {}
