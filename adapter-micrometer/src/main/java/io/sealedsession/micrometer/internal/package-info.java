/** Implementation of the Micrometer adapter; not an API. */
@NullMarked
package io.sealedsession.micrometer.internal;

import org.jspecify.annotations.NullMarked;
