package org.attune.server.group;

/**
 * The settings a group needs, in microseconds of server time.
 *
 * @param minLookaheadMicros shortest delay between a facilitator command and its effect
 * @param maxLookaheadMicros longest look-ahead, however slow a member is
 * @param maxMembers members (connected or resumable) in one group
 * @param resumeGraceMicros how long a dropped member may resume
 * @param idleEndMicros how long a group may have no one connected before its session ends
 */
public record GroupSettings(
    long minLookaheadMicros,
    long maxLookaheadMicros,
    int maxMembers,
    long resumeGraceMicros,
    long idleEndMicros) {}
