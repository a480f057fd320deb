/**
 * What a gesture may carry, defined once for the OSC gateway, which reads MIDI tools' numbers, and
 * the server's gesture rules, which check every gesture whatever sent it.
 */
package org.attune.gesture;
