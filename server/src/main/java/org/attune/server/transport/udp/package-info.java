/**
 * Clock pings over UDP, on the same port number as TCP, where TCP's head-of-line blocking cannot
 * distort them.
 */
package org.attune.server.transport.udp;
