/**
 * Simulated members: lightweight clients on shared event loops that join, probe the clock with the
 * client library's estimator, play gestures and fire structure changes, measuring as they go.
 */
package org.attune.loadtest.member;
