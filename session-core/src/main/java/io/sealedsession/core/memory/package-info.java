@NullMarked
package io.sealedsession.core.memory;

import org.jspecify.annotations.NullMarked;
