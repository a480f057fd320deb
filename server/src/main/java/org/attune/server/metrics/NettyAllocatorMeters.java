package org.attune.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.function.ToDoubleFunction;

/**
 * The memory a Netty buffer allocator holds: {@code netty_allocator_memory_used_bytes} and, for a
 * pooled allocator, {@code netty_allocator_memory_pinned_bytes} (in buffers not yet released),
 * tagged {@code allocator} and {@code memory} (heap or direct).
 *
 * <p>Micrometer's {@code NettyAllocatorMetrics} works with Netty 4.2, but its meters have no help
 * text (which {@code promtool check metrics} rejects) and are tagged with the allocator's identity
 * hash code, which changes with every restart; this binder names the allocator instead.
 *
 * <p>Thread-safe: the gauges read Netty's allocator metrics, which are safe from any thread (a
 * pooled arena's lock is held only while its few chunk lists are summed).
 */
public final class NettyAllocatorMeters implements MeterBinder {

  private final String name;
  private final ByteBufAllocatorMetricProvider allocator;

  /**
   * @param name the allocator's tag value, e.g. {@code pooled}
   * @param allocator the allocator, e.g. {@code PooledByteBufAllocator.DEFAULT}
   */
  public NettyAllocatorMeters(String name, ByteBufAllocatorMetricProvider allocator) {
    this.name = name;
    this.allocator = allocator;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    ByteBufAllocatorMetric metric = allocator.metric();
    gauge(
        registry,
        "netty.allocator.memory.used",
        "Memory the allocator has taken for buffers",
        "heap",
        metric,
        ByteBufAllocatorMetric::usedHeapMemory);
    gauge(
        registry,
        "netty.allocator.memory.used",
        "Memory the allocator has taken for buffers",
        "direct",
        metric,
        ByteBufAllocatorMetric::usedDirectMemory);
    if (allocator instanceof PooledByteBufAllocator pooled) {
      gauge(
          registry,
          "netty.allocator.memory.pinned",
          "Memory in buffers not yet released",
          "heap",
          pooled,
          PooledByteBufAllocator::pinnedHeapMemory);
      gauge(
          registry,
          "netty.allocator.memory.pinned",
          "Memory in buffers not yet released",
          "direct",
          pooled,
          PooledByteBufAllocator::pinnedDirectMemory);
    }
  }

  private <T> void gauge(
      MeterRegistry registry,
      String meter,
      String description,
      String memory,
      T source,
      ToDoubleFunction<T> bytes) {
    Gauge.builder(meter, source, bytes)
        .description(description)
        .baseUnit(BaseUnits.BYTES)
        .tag("allocator", name)
        .tag("memory", memory)
        .strongReference(true)
        .register(registry);
  }
}
