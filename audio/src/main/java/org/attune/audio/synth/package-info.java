/**
 * Attune's SoundFont 2 player: preallocated voices that read a font's samples with linear
 * interpolation, shaped by a DAHDSR volume envelope and an optional resonant low-pass, and mixed
 * per strip, block by block, on the render thread without allocating.
 */
package org.attune.audio.synth;
