/**
 * The operations port: plain HTTP/1.1 for {@code GET /metrics} (Prometheus text format) and {@code
 * GET /healthz}, on an event loop of its own so that a scrape never delays a group.
 */
package org.attune.server.transport.http;
