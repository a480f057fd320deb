/**
 * Text that people type and other people see: names, labels, instrument words. One rule for how
 * long such text may be and what it may hold, so that every reader of it counts the same way.
 */
package org.attune.text;
