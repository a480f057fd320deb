/**
 * What a group's mix accepts, defined once for the console's parser ({@code MixerCommandParser}),
 * the OSC gateway and the server's mixer, which checks every command whatever sent it. The mixer
 * itself lives in {@code audio} (the bus) and {@code server} (a group's strips).
 */
package org.attune.mixer;
