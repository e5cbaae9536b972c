/** Implementation of the Jedis adapter; not an API, may change without notice. */
@NullMarked
package io.sealedsession.jedis.internal;

import org.jspecify.annotations.NullMarked;
