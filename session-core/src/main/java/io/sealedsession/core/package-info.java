@NullMarked
package io.sealedsession.core;

import org.jspecify.annotations.NullMarked;
