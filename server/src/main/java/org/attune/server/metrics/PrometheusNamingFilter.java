package org.attune.server.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Keeps Micrometer's own meters within Prometheus' naming rules, which {@code promtool check
 * metrics} enforces: {@code process.cpu.time} (nanoseconds, exposed as {@code
 * process_cpu_time_ns_total}, an abbreviated unit) is denied, since {@link RuntimeMeters} exposes
 * the conventional {@code process_cpu_seconds_total}; {@code system.cpu.count} (a gauge whose name
 * would end in {@code _count}, the suffix of a histogram's series) becomes {@code
 * system.cpus.available}.
 *
 * <p>Configure it on a registry before any meter is registered. Thread-safe: stateless.
 */
public final class PrometheusNamingFilter implements MeterFilter {

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    return id.getName().equals("process.cpu.time")
        ? MeterFilterReply.DENY
        : MeterFilterReply.NEUTRAL;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    return id.getName().equals("system.cpu.count") ? id.withName("system.cpus.available") : id;
  }
}
