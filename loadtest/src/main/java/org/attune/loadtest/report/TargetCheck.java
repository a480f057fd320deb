package org.attune.loadtest.report;

/**
 * One target of issue 4 and whether a run met it.
 *
 * @param name what is measured, e.g. "fan-out p99 (2,000 members)"
 * @param target the bound, in words, e.g. "≤ 2 ms"
 * @param measured the figure, in words, e.g. "0.84 ms"
 * @param met whether the figure is within the bound; null if the run did not measure it
 */
public record TargetCheck(String name, String target, String measured, Boolean met) {}
