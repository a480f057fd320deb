package org.attune.loadtest.member;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.attune.loadtest.measure.FiringLog;
import org.attune.loadtest.measure.IntervalRecorder;
import org.attune.loadtest.measure.RunCounters;
import org.attune.loadtest.time.PreciseScheduler;
import org.attune.loadtest.time.ServerTime;
import org.attune.server.transport.SocketTransport;

/**
 * What every simulated member of a run shares: the event loops its connections live on, where the
 * server (or the impairment relay in front of it) is, the true server clock, the firing scheduler,
 * and where measurements go.
 *
 * <p>Immutable; thread-safe (its parts are).
 *
 * @param transport the socket transport of the members' connections (that of {@code loops})
 * @param loops the shared event loops of all members' connections
 * @param tcpAddress where members connect over TCP
 * @param oscAddress the OSC gateway's UDP address, or null if the server has none
 * @param webSocketAddress the server's HTTP port, where WebSocket members connect (to {@code /ws}),
 *     or null if unknown
 * @param pingSockets shared UDP sockets for clock pings, or null for TCP pings only
 * @param serverTime the server's true clock
 * @param firing the scheduler that fires structure changes at each member's estimated time
 * @param pingInterval time between a member's clock pings over UDP
 * @param tcpPingInterval time between a member's clock pings over TCP (these report its round trip,
 *     which sizes the group's look-ahead, and keep an idle connection alive)
 * @param fanOutLatency where gesture fan-out latencies go, nanoseconds
 * @param firings where firing instants go
 * @param counters totals
 */
public record MemberEnvironment(
    SocketTransport transport,
    EventLoopGroup loops,
    InetSocketAddress tcpAddress,
    InetSocketAddress oscAddress,
    InetSocketAddress webSocketAddress,
    PingSockets pingSockets,
    ServerTime serverTime,
    PreciseScheduler firing,
    Duration pingInterval,
    Duration tcpPingInterval,
    IntervalRecorder fanOutLatency,
    FiringLog firings,
    RunCounters counters) {}
