/** Implementation of the Lettuce adapter; not an API, may change without notice. */
@NullMarked
package io.sealedsession.lettuce.internal;

import org.jspecify.annotations.NullMarked;
