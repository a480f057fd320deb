/**
 * The server's meters, in one Micrometer registry per server ({@code AttuneServer.meterRegistry()})
 * that {@code GET /metrics} serves in Prometheus text format.
 *
 * <p>Counting stays where the work is: handlers and groups increment plain {@link
 * java.util.concurrent.atomic.LongAdder}s and {@link java.util.concurrent.atomic.AtomicInteger}s
 * (in {@code TcpStats}, {@code UdpStats}, {@code GroupStats}, {@code MemberStats}), and the meters
 * here only read them when scraped. A scrape therefore never waits for an event loop, and a group's
 * state is never read from another thread: the group's own loop keeps its counts up to date.
 *
 * <p>Adding meters:
 *
 * <ul>
 *   <li>A transport keeps its counters in a stats class that implements {@link
 *       io.micrometer.core.instrument.binder.MeterBinder} with one line per counter through {@link
 *       org.attune.server.metrics.TransportMeters} (see {@code TcpStats}); the server calls its
 *       {@code bindTo(meterRegistry)}. If it carries members, add its name to the server's member
 *       transports so that {@code attune_members{transport=...}} shows them.
 *   <li>Another part (the mixer, the journal) binds its own {@code MeterBinder} to {@code
 *       AttuneServer.meterRegistry()}, with names from {@link org.attune.server.metrics.MeterNames}
 *       or new ones in the same style: prefix {@code attune.}, the unit in the name or as base
 *       unit, and tags with a few fixed values only.
 *   <li>{@code PromtoolCheckTest} runs {@code promtool check metrics} on a real scrape, so a meter
 *       that breaks Prometheus' conventions fails the build.
 * </ul>
 */
package org.attune.server.metrics;
