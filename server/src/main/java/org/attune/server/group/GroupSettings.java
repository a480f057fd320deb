package org.attune.server.group;

/**
 * The settings a group needs, in microseconds of server time.
 *
 * @param minLookaheadMicros shortest delay between a facilitator command and its effect
 * @param maxLookaheadMicros longest look-ahead, however slow a member is
 * @param maxMembers members (connected or resumable) in one group
 * @param resumeGraceMicros how long a dropped member may resume
 */
public record GroupSettings(
    long minLookaheadMicros, long maxLookaheadMicros, int maxMembers, long resumeGraceMicros) {}
