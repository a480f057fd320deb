/**
 * The render benchmark: Attune's SoundFont player against FluidSynth and the JDK's Gervill on the
 * same generated MIDI files and SoundFonts (offline speed, voices per core), and Attune's render
 * threads under many concurrent groups (underruns, render load, gesture-to-output latency).
 *
 * <p>{@link org.attune.loadtest.audio.RenderBench} is the entry point ({@code
 * loadtest/render-bench}).
 */
package org.attune.loadtest.audio;
