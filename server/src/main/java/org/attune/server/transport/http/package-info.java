/**
 * The HTTP port: plain HTTP/1.1 for {@code GET /metrics} (Prometheus text format) and {@code GET
 * /healthz}, the browser pages ({@code /console}, {@code /play}, their files from the jar, and the
 * join link's QR code at {@code /qr}), and the upgrade to the member WebSocket at {@code /ws}. It
 * runs on an event loop of its own so that a scrape never delays a group; a WebSocket member's
 * connection moves onto its group's loop when it joins, as a TCP member's does.
 */
package org.attune.server.transport.http;
