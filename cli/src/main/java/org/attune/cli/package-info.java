/** The {@code attune} command line: {@code serve}, {@code play} and {@code facilitate}. */
package org.attune.cli;
