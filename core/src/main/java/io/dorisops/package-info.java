/** The public API of dorisops: the model, the SPIs, the engines' entry points, events and exceptions. */
package io.dorisops;
