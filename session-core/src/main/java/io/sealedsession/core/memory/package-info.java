/**
 * The reference store that keeps sessions in the JVM's memory: for tests, demos and single-node
 * applications that can lose their sessions on restart.
 */
@NullMarked
package io.sealedsession.core.memory;

import org.jspecify.annotations.NullMarked;
