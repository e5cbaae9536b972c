/** Implementation of the Redisson adapter; not an API, may change without notice. */
@NullMarked
package io.sealedsession.redisson.internal;

import org.jspecify.annotations.NullMarked;
