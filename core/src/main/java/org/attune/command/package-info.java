/**
 * The facilitator's command language ({@code tempo 96 --ramp 8}, {@code section B --at next-bar}),
 * shared by the command-line console, the Java client and the OSC gateway.
 */
package org.attune.command;
