@NullMarked
package io.sealedsession.core.internal;

import org.jspecify.annotations.NullMarked;
