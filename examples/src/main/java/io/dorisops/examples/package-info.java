/** Runnable examples, one use case each. */
package io.dorisops.examples;
