package org.attune.server.group;

import io.netty.buffer.ByteBufAllocator;
import org.attune.clock.ServerClock;

/**
 * What every group of a registry shares: the server's clock and settings, where its sessions are
 * indexed, the buffers and counters of its fan-out, its sound and its journal.
 *
 * @param epochMicrosAtZero the wall-clock time (µs since the Unix epoch) of server time 0, which
 *     the journal records so that a restarted server can go on where this one stopped
 */
record GroupServices(
    ServerClock clock,
    GroupSettings settings,
    Group.SessionIndex sessions,
    ByteBufAllocator alloc,
    GroupStats stats,
    GroupSound.Factory sounds,
    GroupJournal.Factory journals,
    SecretHashes hashes,
    long epochMicrosAtZero) {}
