/** Implementation of the Spring Boot integration; not an API. */
@NullMarked
package io.sealedsession.spring.boot.internal;

import org.jspecify.annotations.NullMarked;
