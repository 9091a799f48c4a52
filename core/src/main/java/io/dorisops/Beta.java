package io.dorisops;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public type, method or constructor that is still moving: it may change or go in a minor
 * release. The API compatibility check ({@code japicmp} in the root {@code pom.xml}) skips what carries
 * it, as it skips the {@code internal} packages; everything else in {@code io.dorisops} and {@code
 * io.dorisops.spi} keeps binary and source compatibility between minor releases.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface Beta {}
