/**
 * What a therapist observes of each member: figures of their onsets against the group's pulse,
 * shared by the live observations a facilitator gets and the session report made afterwards.
 */
package org.attune.server.observe;
