package org.attune.server.metrics;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The meters of the process the server runs in: JVM memory, garbage collection, threads, classes,
 * CPU, uptime, open files, and the memory held by Netty's buffer allocators.
 *
 * <p>CPU time is exposed as the conventional {@code process_cpu_seconds_total}; a registry that
 * Prometheus scrapes should also have a {@link PrometheusNamingFilter}, which drops Micrometer's
 * {@code process_cpu_time_ns_total} and renames {@code system_cpu_count}.
 *
 * <p>Thread-safe: bind and close from one thread. Closing stops listening for GC events.
 */
public final class RuntimeMeters implements MeterBinder, AutoCloseable {

  private final Map<String, ByteBufAllocatorMetricProvider> allocators;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  /**
   * @param allocators the buffer allocators the server uses, by the name their meters get
   */
  public RuntimeMeters(Map<String, ByteBufAllocatorMetricProvider> allocators) {
    this.allocators = new LinkedHashMap<>(allocators);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
        && os.getProcessCpuTime() >= 0) {
      FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9)
          .description("CPU time the process has used")
          .baseUnit("seconds")
          .register(registry);
    }
    allocators.forEach(
        (name, allocator) -> new NettyAllocatorMeters(name, allocator).bindTo(registry));
  }

  @Override
  public void close() {
    gc.close();
  }
}
