/**
 * Ogg Opus files of the bus's sound (RFC 3533 for Ogg's pages, RFC 7845 for Opus in Ogg): {@link
 * org.attune.audio.ogg.OggOpusWriter} encodes stereo float blocks and writes them a page about
 * every second, so that a file left by a crash plays up to its last page; {@link
 * org.attune.audio.ogg.OggOpusReader} reads such files back (checking every page's CRC) and decodes
 * them, for tests and tools.
 */
package org.attune.audio.ogg;
