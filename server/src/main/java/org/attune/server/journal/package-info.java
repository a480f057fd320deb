/**
 * The session journal's storage: an append-only file per group of {@code JournalRecord}s, each
 * framed with its length and a CRC32C ({@link org.attune.server.journal.JournalFrames}), written
 * off the event loops by one {@link org.attune.server.journal.JournalWriter} thread and read back,
 * a torn or damaged tail cut, by {@link org.attune.server.journal.JournalReader}.
 */
package org.attune.server.journal;
