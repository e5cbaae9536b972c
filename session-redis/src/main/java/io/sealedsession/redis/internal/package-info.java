/** Implementation of the Redis layout; not an API, may change without notice. */
@NullMarked
package io.sealedsession.redis.internal;

import org.jspecify.annotations.NullMarked;
