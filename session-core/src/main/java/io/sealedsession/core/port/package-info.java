@NullMarked
package io.sealedsession.core.port;

import org.jspecify.annotations.NullMarked;
